package org.datasetexport.format.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.datasetexport.ExportException;
import org.datasetexport.data.DataType;
import org.datasetexport.data.Field;
import org.datasetexport.data.Row;
import org.datasetexport.data.RowReader;
import org.datasetexport.data.ScanRequest;
import org.datasetexport.data.Schema;
import org.datasetexport.data.Split;
import org.datasetexport.data.TimeWindow;
import org.datasetexport.files.FileDataset;
import org.datasetexport.files.FileSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 32, item 7: the default {@link JsonReadLimits} keep a reader alive in a 128 MiB heap. Run by
 * the {@code heap-128m} surefire execution in a JVM started with {@code -Xmx128m}: each small gzip
 * bomb (a string of 400 million characters, an array of 50 million elements, a record of ten strings
 * just under the string limit, a number of millions of digits) fails with a clean error naming the
 * limit — where before this issue the first two ran the JVM out of memory — and a record just inside
 * the defaults still reads.
 */
@Tag("heap-128m")
class JsonReaderBombTest {
    @TempDir
    Path dir;

    @Test
    void theHeapIsSmall() {
        assertThat(Runtime.getRuntime().maxMemory()).isLessThanOrEqualTo(136L * 1024 * 1024);
    }

    private void bomb(String name, String head, String repeated, long times, String tail) throws Exception {
        byte[] chunk = repeated.repeat((int) Math.min(times, 1_000_000)).getBytes(StandardCharsets.UTF_8);
        long chunks = times / Math.min(times, 1_000_000);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve(name)), 1 << 16)) {
            out.write(head.getBytes(StandardCharsets.UTF_8));
            for (long i = 0; i < chunks; i++) {
                out.write(chunk);
            }
            out.write(tail.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(Files.size(dir.resolve(name))).isLessThan(3_000_000);
    }

    private List<Row> read(Schema schema) {
        FileDataset json = FileDataset.builder(FileSource.local(dir), JsonLinesFiles.reader()).id("t").schema(schema).build();
        List<Row> rows = new ArrayList<>();
        for (Split split : json.plan(new ScanRequest(TimeWindow.upTo(Instant.now()), 1))) {
            try (RowReader r = json.read(split)) {
                r.forEachRemaining(rows::add);
            }
        }
        return rows;
    }

    @Test
    void aStringOf400MillionCharacters_failsAtTheStringLimit() throws Exception {
        bomb("s.json.gz", "{\"s\":\"", "x", 400_000_000L, "\"}\n");
        assertThatThrownBy(() -> read(Schema.of(Field.optional("s", DataType.STRING)))).isInstanceOf(ExportException.class)
                .hasMessageContaining("s.json.gz, line 1").hasMessageContaining("8388608").hasMessageContaining("JsonReadLimits");
    }

    @Test
    void anArrayOf50MillionElements_failsAtTheValueLimit() throws Exception {
        bomb("a.json.gz", "{\"a\":[0", ",0", 50_000_000L, "]}\n");
        assertThatThrownBy(() -> read(Schema.of(Field.optional("a", DataType.array(DataType.LONG))))).isInstanceOf(ExportException.class)
                .hasMessageContaining("a.json.gz, line 1").hasMessageContaining("more than 1048576 values")
                .hasMessageContaining("maxValuesPerRecord");
    }

    @Test
    void tenStringsJustUnderTheStringLimit_failAtTheRecordLimit() throws Exception {
        String big = "y".repeat(JsonReadLimits.DEFAULT_MAX_STRING_LENGTH - 1);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve("r.json.gz")))) {
            out.write("{\"a\":[".getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 10; i++) {
                out.write(((i == 0 ? "\"" : ",\"") + big + "\"").getBytes(StandardCharsets.UTF_8));
            }
            out.write("]}\n".getBytes(StandardCharsets.UTF_8));
        }
        assertThatThrownBy(() -> read(Schema.of(Field.optional("a", DataType.array(DataType.STRING))))).isInstanceOf(ExportException.class)
                .hasMessageContaining("r.json.gz, line 1").hasMessageContaining("characters of text").hasMessageContaining("maxRecordSize");
    }

    @Test
    void aNumberOfMillionsOfDigits_failsAtTheNumberLimit() throws Exception {
        bomb("n.json.gz", "{\"d\":1", "0", 5_000_000L, "}\n");
        assertThatThrownBy(() -> read(Schema.of(Field.optional("d", DataType.decimal(38, 0))))).isInstanceOf(ExportException.class)
                .hasMessageContaining("n.json.gz, line 1").hasMessageContaining("Number value length").hasMessageContaining("1000");
        // Jackson buffers a number's digits like a string's before it checks them: beyond the string limit that one ends it
        Files.delete(dir.resolve("n.json.gz"));
        bomb("n.json.gz", "{\"d\":1", "0", 20_000_000L, "}\n");
        assertThatThrownBy(() -> read(Schema.of(Field.optional("d", DataType.decimal(38, 0))))).isInstanceOf(ExportException.class)
                .hasMessageContaining("n.json.gz, line 1").hasMessageContaining("8388608");
    }

    @Test
    void aRecordJustInsideTheDefaults_reads() throws Exception {
        String big = "z".repeat(JsonReadLimits.DEFAULT_MAX_STRING_LENGTH);
        Files.writeString(dir.resolve("ok.json"), "{\"s\":\"" + big + "\",\"t\":\"" + big + "\"}\n");
        big = null;
        List<Row> rows = read(Schema.of(Field.optional("s", DataType.STRING), Field.optional("t", DataType.STRING)));
        assertThat(rows).singleElement().satisfies(r -> assertThat(((String) r.get(1)).length())
                .isEqualTo(JsonReadLimits.DEFAULT_MAX_STRING_LENGTH));
    }
}
