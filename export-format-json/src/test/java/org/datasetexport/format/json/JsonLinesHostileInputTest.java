package org.datasetexport.format.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Issue 16: hostile JSON Lines fail fast, in bounded memory, with the file, line and field but never the value. */
class JsonLinesHostileInputTest {
    @TempDir
    Path dir;

    private List<Row> read(Schema schema, JsonReadLimits limits) {
        FileDataset json = FileDataset.builder(FileSource.local(dir), JsonLinesFiles.reader(limits)).id("e").schema(schema).build();
        List<Row> rows = new ArrayList<>();
        for (Split split : json.plan(new ScanRequest(TimeWindow.upTo(Instant.now()), 1))) {
            try (RowReader reader = json.read(split)) {
                reader.forEachRemaining(rows::add);
            }
        }
        return rows;
    }

    @Test
    @Timeout(10)
    void decimalWithAHugeExponent_failsAtOnceInsteadOfComputingMillionsOfDigits() throws Exception {
        Schema schema = Schema.of(Field.optional("d", DataType.decimal(10, 2)));
        for (String number : List.of("1e10000000", "1e999999999", "-7E+2147483647", "1e-999999999")) {
            Files.writeString(dir.resolve("x.json"), "{\"d\":" + number + "}\n");
            long started = System.nanoTime();
            assertThatThrownBy(() -> read(schema, JsonReadLimits.defaults())).isInstanceOf(ExportException.class)
                    .hasMessageContaining("line 1, field \"d\"").hasMessageContaining("expected decimal(10,2)")
                    .message().doesNotContain(number);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        }
        Files.writeString(dir.resolve("x.json"), "{\"d\":1.5e3}\n");
        assertThat(read(schema, JsonReadLimits.defaults())).singleElement()
                .satisfies(r -> assertThat(r.get(0)).isEqualTo(new java.math.BigDecimal("1500.00")));
    }

    /** Issue 32, item 8: a number beyond the type's range used to read back as Infinity. */
    @Test
    void numbersBeyondFloatOrDoubleRange_areRefused_andTheWrittenInfinitySpellingStillReads() throws Exception {
        Schema schema = Schema.of(Field.optional("d", DataType.DOUBLE), Field.optional("f", DataType.FLOAT));
        for (String line : List.of("{\"d\":1e400,\"f\":1}", "{\"d\":-1e400,\"f\":1}", "{\"d\":1,\"f\":1e39}")) {
            Files.writeString(dir.resolve("x.json"), line + "\n");
            assertThatThrownBy(() -> read(schema, JsonReadLimits.defaults())).isInstanceOf(ExportException.class)
                    .hasMessageContaining("x.json, line 1, field").hasMessageContaining("within its range");
        }
        Files.writeString(dir.resolve("x.json"), "{\"d\":\"Infinity\",\"f\":3.4e38}\n");
        assertThat(read(schema, JsonReadLimits.defaults())).singleElement().satisfies(r -> {
            assertThat(r.get(0)).isEqualTo(Double.POSITIVE_INFINITY);
            assertThat(r.get(1)).isEqualTo(3.4e38f);
        });
    }

    @Test
    void gzipBombOfOneHugeArray_failsAtTheValueLimitInBoundedMemory() throws Exception {
        // 40 million elements in one line, about 80 MB inflated, well under a megabyte compressed
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve("bomb.json.gz")))) {
            out.write("{\"a\":[0".getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = ",0".repeat(100_000).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 400; i++) {
                out.write(chunk);
            }
            out.write("]}\n".getBytes(StandardCharsets.US_ASCII));
        }
        assertThat(Files.size(dir.resolve("bomb.json.gz"))).isLessThan(1_000_000);
        Schema schema = Schema.of(Field.optional("a", DataType.array(DataType.LONG)));
        assertThatThrownBy(() -> read(schema, JsonReadLimits.defaults().withMaxValuesPerRecord(1_000_000)))
                .isInstanceOf(ExportException.class).hasMessageContaining("bomb.json.gz, line 1")
                .hasMessageContaining("more than 1000000 values");
    }

    @Test
    void stringOverTheLimit_failsNamingTheLimitToRaise() throws Exception {
        Files.writeString(dir.resolve("x.json"), "{\"s\":\"" + "x".repeat(5000) + "\"}\n");
        Schema schema = Schema.of(Field.optional("s", DataType.STRING));
        assertThatThrownBy(() -> read(schema, JsonReadLimits.defaults().withMaxStringLength(1000)))
                .isInstanceOf(ExportException.class).hasMessageContaining("x.json, line 1").hasMessageContaining("JsonReadLimits");
        assertThat(read(schema, JsonReadLimits.defaults())).hasSize(1);
    }

    @Test
    void wrongTypedValue_messageDescribesTheValueWithoutShowingIt() throws Exception {
        Files.writeString(dir.resolve("x.json"), "{\"n\":\"alice@example.com\",\"m\":{\"k\\nforged\":\"x\"}}\n");
        Schema schema = Schema.of(Field.optional("n", DataType.LONG));
        assertThatThrownBy(() -> read(schema, JsonReadLimits.defaults())).hasMessageContaining("a string of 17 characters")
                .message().doesNotContain("alice");
        Schema map = Schema.of(Field.optional("m", DataType.map(DataType.LONG)));
        assertThatThrownBy(() -> read(map, JsonReadLimits.defaults())).hasMessageContaining("m['k\\u000aforged']")
                .message().doesNotContain("\n");
    }

    @Test
    void limits_rejectNonsense() {
        assertThatThrownBy(() -> JsonReadLimits.defaults().withMaxStringLength(0)).hasMessageContaining("maxStringLength");
        assertThatThrownBy(() -> JsonReadLimits.defaults().withMaxValuesPerRecord(-1)).hasMessageContaining("maxValuesPerRecord");
        assertThatThrownBy(() -> JsonReadLimits.defaults().withMaxRecordSize(0)).hasMessageContaining("maxRecordSize");
        assertThatThrownBy(() -> JsonReadLimits.defaults().withMaxNumberLength(0)).hasMessageContaining("maxNumberLength");
    }
}
