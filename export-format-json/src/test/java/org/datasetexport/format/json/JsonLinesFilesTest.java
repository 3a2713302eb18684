package org.datasetexport.format.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.datasetexport.Compression;
import org.datasetexport.DatasetExport;
import org.datasetexport.ExportResult;
import org.datasetexport.data.DataType;
import org.datasetexport.data.Datasets;
import org.datasetexport.data.Field;
import org.datasetexport.data.Row;
import org.datasetexport.data.RowReader;
import org.datasetexport.data.ScanRequest;
import org.datasetexport.data.Schema;
import org.datasetexport.data.Split;
import org.datasetexport.data.TimeWindow;
import org.datasetexport.dest.file.FileDestination;
import org.datasetexport.files.FileDataset;
import org.datasetexport.files.FileSource;
import org.datasetexport.testdata.DuckDbReader;
import org.datasetexport.testdata.ExperienceEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** JsonLinesFiles.reader(): what the writer wrote reads back to the same rows, and hand-written JSON Lines read as documented. */
class JsonLinesFilesTest {
    @TempDir
    Path dir;

    /**
     * Timestamps and dates are written digit by digit for years 0000–9999 (IsoTimes) and by the
     * JDK's formatter outside them: both read back to the same values, and the text is the
     * documented form (six fraction digits, UTC "Z"; a sign on years beyond four digits).
     */
    @Test
    void timestampsAndDates_atTheEdgesOfTheFourDigitYears_readBackExactly() throws Exception {
        org.datasetexport.data.Schema schema = org.datasetexport.data.Schema.of(
                org.datasetexport.data.Field.required("t", org.datasetexport.data.DataType.TIMESTAMP),
                org.datasetexport.data.Field.required("d", org.datasetexport.data.DataType.DATE));
        List<java.time.Instant> instants = List.of(java.time.Instant.parse("0000-01-01T00:00:00Z"),
                java.time.Instant.parse("1969-12-31T23:59:59.999999Z"), java.time.Instant.parse("2000-02-29T12:34:56.000001Z"),
                java.time.Instant.parse("9999-12-31T23:59:59.999999Z"), java.time.Instant.parse("+10000-01-01T00:00:00Z"),
                java.time.Instant.parse("-0001-12-31T23:59:59.5Z"));
        List<java.time.LocalDate> dates = List.of(java.time.LocalDate.of(0, 1, 1), java.time.LocalDate.of(1970, 1, 1),
                java.time.LocalDate.of(2000, 2, 29), java.time.LocalDate.of(9999, 12, 31), java.time.LocalDate.of(10_000, 1, 1),
                java.time.LocalDate.of(-1, 12, 31));
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < instants.size(); i++) {
            rows.add(Row.of(instants.get(i), dates.get(i)));
        }
        ExportResult result = DatasetExport.from(Datasets.of("times", schema, rows)).to(FileDestination.of(dir)).format("json").run();
        List<String> lines = java.nio.file.Files.readAllLines(dir.resolve(result.files().get(0).path()));
        assertThat(lines.get(0)).isEqualTo("{\"t\":\"0000-01-01T00:00:00.000000Z\",\"d\":\"0000-01-01\"}");
        assertThat(lines.get(2)).isEqualTo("{\"t\":\"2000-02-29T12:34:56.000001Z\",\"d\":\"2000-02-29\"}");
        assertThat(lines.get(4)).isEqualTo("{\"t\":\"+10000-01-01T00:00:00.000000Z\",\"d\":\"+10000-01-01\"}");
        FileDataset json = FileDataset.builder(FileSource.local(dir), JsonLinesFiles.reader()).id("times").schema(schema).build();
        assertThat(readAll(json)).extracting(r -> List.of(r.get(0), r.get(1)))
                .containsExactlyElementsOf(rows.stream().map(r -> List.of(r.get(0), r.get(1))).toList());
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"NONE", "GZIP", "ZSTD"})
    void writtenFiles_readBackToTheRowsWritten_exactDecimalsAndNegativeZeroIncluded(Compression compression) throws Exception {
        List<Row> rows = ExperienceEvents.rows(900, 17);
        DatasetExport.from(Datasets.of("events", ExperienceEvents.SCHEMA, rows)).to(FileDestination.of(dir))
                .format("json").compression(compression).maxRecordsPerFile(400).manifest(true).run();
        FileDataset json = FileDataset.builder(FileSource.local(dir), JsonLinesFiles.reader()).id("events")
                .schema(ExperienceEvents.SCHEMA).build();

        List<List<Object>> back = new ArrayList<>();
        for (Row r : readAll(json)) {
            back.add(DuckDbReader.expected(r, ExperienceEvents.SCHEMA.asStruct(), DuckDbReader.Source.PARQUET));
        }
        List<List<Object>> want = new ArrayList<>();
        for (Row r : rows) {
            want.add(DuckDbReader.expected(r, ExperienceEvents.SCHEMA.asStruct(), DuckDbReader.Source.PARQUET));
        }
        Comparator<List<Object>> byId = Comparator.comparing(r -> (String) r.get(0));
        back.sort(byId);
        want.sort(byId);
        assertThat(back).isEqualTo(want);
    }

    @Test
    void handWrittenLines_unknownKeysIgnored_missingKeysNull_specialFloats() throws Exception {
        Schema schema = Schema.of(Field.required("id", DataType.LONG), Field.optional("score", DataType.DOUBLE),
                Field.optional("amount", DataType.decimal(6, 2)), Field.optional("at", DataType.TIMESTAMP),
                Field.optional("tags", DataType.array(DataType.STRING)), Field.optional("attrs", DataType.map(DataType.INT)));
        Files.writeString(dir.resolve("events.ndjson"), String.join("\n",
                "{\"id\": 1, \"score\": \"NaN\", \"amount\": 1.5, \"at\": \"2026-11-28T09:00:00.123456789Z\", \"extra\": {\"deep\": [1]}}",
                "{\"id\": 2, \"tags\": [\"a\", null], \"attrs\": {\"x\": 1, \"y\": null}, \"score\": -0.0}",
                "",
                "{\"id\": 3, \"score\": \"-Infinity\"}") + "\n", StandardCharsets.UTF_8);
        FileDataset json = FileDataset.builder(FileSource.local(dir), JsonLinesFiles.reader()).id("e").schema(schema).build();

        List<Row> rows = readAll(json);

        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).values()).containsExactly(1L, Double.NaN, new java.math.BigDecimal("1.50"),
                Instant.parse("2026-11-28T09:00:00.123456789Z"), null, null);
        assertThat(rows.get(1).get(4)).isEqualTo(Arrays.asList("a", null));
        Map<String, Object> attrs = new java.util.LinkedHashMap<>();
        attrs.put("x", 1);
        attrs.put("y", null);
        assertThat(rows.get(1).get(5)).isEqualTo(attrs);
        assertThat(Double.doubleToRawLongBits((Double) rows.get(1).get(1))).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(rows.get(2).get(1)).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    private static List<Row> readAll(FileDataset dataset) {
        List<Row> rows = new ArrayList<>();
        for (Split split : dataset.plan(new ScanRequest(TimeWindow.upTo(Instant.now()), 1))) {
            try (RowReader reader = dataset.read(split)) {
                reader.forEachRemaining(rows::add);
            }
        }
        return rows;
    }
}
