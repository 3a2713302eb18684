package org.datasetexport.format.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.LocalInputFile;
import org.datasetexport.Compression;
import org.datasetexport.data.DataType;
import org.datasetexport.data.Row;
import org.datasetexport.data.Schema;
import org.datasetexport.spi.RecordWriter;
import org.datasetexport.testdata.DuckDbReader;
import org.datasetexport.testdata.ExperienceEvents;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 23, item 2: the direct write path ({@link ParquetFormat.WritePath#DIRECT}, the default)
 * writes files byte for byte identical to parquet-mr's stock writer — same pages, dictionaries,
 * fall-backs, statistics, page indexes and row-group cuts — and DuckDB reads them back as the rows
 * that went in. Small pages and row groups make every one of those boundaries happen many times;
 * the tests check they did, so a comparison of two trivial files cannot pass for one of real ones.
 * {@code RandomDatasetPropertyTest} compares the two paths over random schemas as well.
 */
class DirectWritePathTest {
    private static DuckDbReader duck;

    @TempDir
    Path dir;

    @BeforeAll
    static void startDuckDb() throws Exception {
        duck = new DuckDbReader();
    }

    @AfterAll
    static void stopDuckDb() throws Exception {
        duck.close();
    }

    private static ParquetFormat small(ParquetFormat.WritePath path) {
        return ParquetFormat.builder().writePath(path).rowGroupSize(64 * 1024).pageSize(4 * 1024).build();
    }

    private static byte[] write(ParquetFormat format, Schema schema, List<Row> rows, Compression compression) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (RecordWriter writer = format.open(schema, out, compression)) {
            for (Row row : rows) {
                writer.write(row);
            }
        }
        return out.toByteArray();
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void everyType_directFileIsTheStockFileByteForByte_andReadsBackInDuckDb(Compression compression) throws Exception {
        List<Row> rows = ExperienceEvents.rows(3000, 7);
        byte[] direct = write(small(ParquetFormat.WritePath.DIRECT), ExperienceEvents.SCHEMA, rows, compression);
        byte[] stock = write(small(ParquetFormat.WritePath.STOCK), ExperienceEvents.SCHEMA, rows, compression);

        assertThat(direct).isEqualTo(stock);
        Path file = dir.resolve("direct.parquet");
        Files.write(file, direct);
        List<List<Object>> back = duck.readParquet(file, ExperienceEvents.SCHEMA);
        assertThat(back).hasSize(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            assertThat(back.get(i)).as("row %d", i)
                    .isEqualTo(DuckDbReader.expected(rows.get(i), ExperienceEvents.SCHEMA.asStruct(), DuckDbReader.Source.PARQUET));
        }
        // the boundaries the comparison is meant to cover did happen
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
            List<BlockMetaData> groups = reader.getFooter().getBlocks();
            assertThat(groups).as("row groups").hasSizeGreaterThan(2);
            Set<Encoding> idEncodings = new HashSet<>();
            Set<Encoding> typeEncodings = new HashSet<>();
            for (BlockMetaData group : groups) {
                for (ColumnChunkMetaData column : group.getColumns()) {
                    assertThat(column.getColumnIndexReference()).as("column index of %s", column.getPath()).isNotNull();
                    assertThat(column.getOffsetIndexReference()).as("offset index of %s", column.getPath()).isNotNull();
                    if (column.getPath().toDotString().equals("_id")) {
                        idEncodings.addAll(column.getEncodings());
                    } else if (column.getPath().toDotString().equals("eventType")) {
                        typeEncodings.addAll(column.getEncodings());
                    }
                }
                assertThat(reader.readColumnIndex(group.getColumns().get(0))).isNotNull();
            }
            assertThat(idEncodings).as("unique ids outgrow the dictionary: fall back to plain").contains(Encoding.PLAIN);
            assertThat(typeEncodings).as("few event types: dictionary").contains(Encoding.PLAIN_DICTIONARY)
                    .doesNotContain(Encoding.PLAIN);
        }
    }

    @Test
    void stringsThatRepeatAsOneInstanceOrAsEqualCopies_writeTheStockBytes() throws Exception {
        Schema schema = Schema.builder()
                .required("id", DataType.LONG)
                .optional("constant", DataType.STRING)
                .optional("copies", DataType.STRING)
                .optional("mixed", DataType.STRING)
                .optional("long", DataType.STRING)
                .optional("tags", DataType.array(DataType.STRING))
                .build();
        String shared = "shared-value";
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 40_000; i++) {
            String copy = new String(("copy-" + (i % 37)).toCharArray()); // equal content, a new instance each row
            String mixed = i % 3 == 0 ? shared : i % 3 == 1 ? new String(shared.toCharArray()) : "m" + (i % 9000);
            String longValue = "x".repeat(300) + (i % 5); // longer than the cache keeps
            rows.add(Row.of((long) i, i % 11 == 0 ? null : "constant", copy, mixed, longValue,
                    List.of(shared, copy, "t" + (i % 4000))));
        }
        for (Compression compression : List.of(Compression.NONE, Compression.SNAPPY)) {
            byte[] direct = write(small(ParquetFormat.WritePath.DIRECT), schema, rows, compression);
            byte[] stock = write(small(ParquetFormat.WritePath.STOCK), schema, rows, compression);
            assertThat(direct).as("%s", compression).isEqualTo(stock);
            Path file = dir.resolve(compression + ".parquet");
            Files.write(file, direct);
            List<List<Object>> back = duck.readParquet(file, schema);
            for (int i = 0; i < rows.size(); i += 997) {
                assertThat(back.get(i)).as("row %d", i)
                        .isEqualTo(DuckDbReader.expected(rows.get(i), schema.asStruct(), DuckDbReader.Source.PARQUET));
            }
        }
    }

    @Test
    void defaultIsDirect_andStockStaysAvailable() {
        assertThat(ParquetFormat.create().writePath()).isEqualTo(ParquetFormat.WritePath.DIRECT);
        assertThat(ParquetFormat.builder().writePath(ParquetFormat.WritePath.STOCK).build().toString()).contains("STOCK");
    }
}
