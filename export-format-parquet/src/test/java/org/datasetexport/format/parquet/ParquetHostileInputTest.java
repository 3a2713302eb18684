package org.datasetexport.format.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.datasetexport.ExportException;
import org.datasetexport.data.DataType;
import org.datasetexport.data.Row;
import org.datasetexport.data.RowReader;
import org.datasetexport.data.ScanRequest;
import org.datasetexport.data.Split;
import org.datasetexport.data.TimeWindow;
import org.datasetexport.files.FileDataset;
import org.datasetexport.files.FileSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 16: Parquet files from other writers read exactly or fail by name; corrupt files name the file. */
class ParquetHostileInputTest {
    @TempDir
    Path dir;

    private static List<Row> readAll(FileDataset dataset) {
        List<Row> rows = new ArrayList<>();
        for (Split split : dataset.plan(new ScanRequest(TimeWindow.upTo(Instant.now()), 1))) {
            try (RowReader reader = dataset.read(split)) {
                reader.forEachRemaining(rows::add);
            }
        }
        return rows;
    }

    @Test
    void unsignedIntegers_readBackExactlyIncludingTheirMaximum() throws Exception {
        MessageType schema = MessageTypeParser.parseMessageType("message m { required int32 u8 (INTEGER(8,false)); "
                + "required int32 u16 (INTEGER(16,false)); required int32 u32 (INTEGER(32,false)); "
                + "required int64 u64 (INTEGER(64,false)); }");
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(dir.resolve("u.parquet")))
                .withType(schema).build()) {
            writer.write(groups.newGroup().append("u8", 255).append("u16", 65535).append("u32", -1).append("u64", -1L));
            writer.write(groups.newGroup().append("u8", 0).append("u16", 1).append("u32", Integer.MIN_VALUE).append("u64", Long.MIN_VALUE));
        }
        FileDataset dataset = FileDataset.builder(FileSource.local(dir), ParquetFiles.reader()).id("u").build();
        assertThat(dataset.schema().fields()).extracting(f -> f.type())
                .containsExactly(DataType.INT, DataType.INT, DataType.LONG, DataType.decimal(20, 0));
        List<Row> rows = readAll(dataset);
        assertThat(rows.get(0).values()).containsExactly(255, 65535, 4_294_967_295L, new BigDecimal("18446744073709551615"));
        assertThat(rows.get(1).values()).containsExactly(0, 1, 2_147_483_648L, new BigDecimal("9223372036854775808"));
    }

    @Test
    void corruptOrTruncatedFile_failsNamingTheFile() throws Exception {
        Files.write(dir.resolve("broken.parquet"), "PAR1 this is not really parquet PAR1".getBytes());
        assertThatThrownBy(() -> FileDataset.builder(FileSource.local(dir), ParquetFiles.reader()).id("b").build())
                .isInstanceOf(ExportException.class).hasMessageContaining("broken.parquet");
    }
}
