package org.datasetexport.format.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.datasetexport.Compression;
import org.datasetexport.ConfigurationException;
import org.datasetexport.DatasetExport;
import org.datasetexport.ExportException;
import org.datasetexport.ExportResult;
import org.datasetexport.ExportedFile;
import org.datasetexport.data.DataType;
import org.datasetexport.data.Datasets;
import org.datasetexport.data.Field;
import org.datasetexport.data.Row;
import org.datasetexport.data.RowReader;
import org.datasetexport.data.Schema;
import org.datasetexport.dest.file.FileDestination;
import org.datasetexport.files.FileDataset;
import org.datasetexport.files.FileFormatReader;
import org.datasetexport.files.FilePart;
import org.datasetexport.files.FileSource;
import org.datasetexport.files.SourceFile;
import org.datasetexport.testdata.DuckDbReader;
import org.datasetexport.testdata.ExperienceEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Issue 18: CSV out and in — exact for every type, readable by DuckDB, safe in a spreadsheet, splittable. */
class CsvFormatTest {
    /** Flat values that stress the quoting and the parsing: every one must come back exactly. */
    static final Schema FLAT = Schema.of(
            Field.required("id", DataType.LONG),
            Field.optional("text", DataType.STRING),
            Field.optional("flag", DataType.BOOLEAN),
            Field.optional("small", DataType.INT),
            Field.optional("f", DataType.FLOAT),
            Field.optional("d", DataType.DOUBLE),
            Field.optional("amount", DataType.decimal(12, 2)),
            Field.optional("big", DataType.decimal(38, 10)),
            Field.optional("day", DataType.DATE),
            Field.optional("at", DataType.TIMESTAMP),
            Field.optional("raw", DataType.BINARY));

    @TempDir
    Path dir;

    static List<Row> flatRows() {
        List<String> texts = Arrays.asList("plain", "", null, "with,comma", "with \"quotes\"", "line\nbreak", "cr\r\nlf", "  spaced  ",
                "unicode é€ 😀 中文", ";semi", "'apostrophe", "\\N");
        List<Double> doubles = Arrays.asList(0.1, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e300,
                Double.MIN_VALUE, null, 123456789.125, -1.5e-7, 42.0, 7.0);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            rows.add(Row.of((long) i, texts.get(i), i % 3 == 0 ? null : i % 2 == 0, i % 4 == 0 ? null : Integer.MIN_VALUE + i,
                    i % 5 == 0 ? null : (float) (i * 1.25), doubles.get(i), i % 6 == 0 ? null : new BigDecimal("-1234567890.1" + i % 10),
                    new BigDecimal("1234567890123456789012345678.0123456789").negate().add(BigDecimal.valueOf(i)),
                    i % 7 == 0 ? null : LocalDate.of(1970 + i * 7, 1 + i % 12, 1 + i),
                    i % 8 == 0 ? null : Instant.parse("2026-11-28T09:00:30.123456Z").plusSeconds(i * 86_400L * 400),
                    i % 9 == 0 ? null : new byte[] {(byte) i, 0, -1, 127}));
        }
        return rows;
    }

    private static List<Row> readAll(FileDataset dataset) {
        List<Row> rows = new ArrayList<>();
        for (org.datasetexport.data.Split split : dataset.plan(new org.datasetexport.data.ScanRequest(
                org.datasetexport.data.TimeWindow.upTo(Instant.now()), 1))) {
            try (RowReader r = dataset.read(split)) {
                r.forEachRemaining(rows::add);
            }
        }
        return rows;
    }

    private static List<List<Object>> shape(List<Row> rows, Schema schema) {
        List<List<Object>> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(DuckDbReader.expected(r, schema.asStruct(), DuckDbReader.Source.JSON));
        }
        out.sort(Comparator.comparing(r -> String.valueOf(r.get(0))));
        return out;
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"NONE", "GZIP", "ZSTD"})
    void everyTypeAndNesting_readsBackEqual_byDuckDbAndByTheModule(Compression compression) throws Exception {
        CsvFormat format = CsvFormat.builder().formulaEscape(false).build();
        for (Map.Entry<Schema, List<Row>> data : Map.of(FLAT, flatRows(), ExperienceEvents.SCHEMA, ExperienceEvents.rows(700, 18)).entrySet()) {
            Path out = dir.resolve(compression + "-" + data.getKey().fields().size());
            ExportResult result = DatasetExport.from(Datasets.of("t", data.getKey(), data.getValue())).to(FileDestination.of(out))
                    .format(format).compression(compression).maxRecordsPerFile(300).run();
            assertThat(result.files()).allSatisfy(f -> assertThat(f.name()).endsWith(format.fileExtension(compression)));
            List<List<Object>> duck = new ArrayList<>();
            try (DuckDbReader reader = new DuckDbReader()) {
                for (ExportedFile f : result.files()) {
                    duck.addAll(reader.readCsv(out.resolve(f.path()), data.getKey(), true, ""));
                }
            }
            duck.sort(Comparator.comparing(r -> String.valueOf(r.get(0))));
            List<List<Object>> want = shape(data.getValue(), data.getKey());
            assertThat(duck).hasSameSizeAs(want);
            for (int i = 0; i < want.size(); i++) {
                assertThat(duck.get(i)).as("DuckDB row %d", i).isEqualTo(want.get(i));
            }

            FileDataset csv = FileDataset.builder(FileSource.local(out), CsvFiles.reader(format)).id("t").schema(data.getKey()).build();
            assertThat(shape(readAll(csv), data.getKey())).isEqualTo(shape(data.getValue(), data.getKey()));
        }
    }

    @Test
    void writesRfc4180_quotingOnlyWhereNeeded_nullEmptyAndEmptyStringQuoted() throws Exception {
        Schema schema = Schema.of(Field.required("a", DataType.STRING), Field.optional("b", DataType.STRING), Field.optional("n", DataType.LONG));
        List<Row> rows = List.of(Row.of("x", "", 1L), Row.of("y,z", null, null), Row.of("say \"hi\"", "two\nlines", -5L));
        ExportResult result = DatasetExport.from(Datasets.of("t", schema, rows)).to(FileDestination.of(dir)).format("csv").run();
        assertThat(Files.readString(dir.resolve(result.files().get(0).path())))
                .isEqualTo("a,b,n\nx,\"\",1\n\"y,z\",,\n\"say \"\"hi\"\"\",\"two\nlines\",-5\n");
    }

    /** OWASP CSV injection: each trigger character, after apostrophes too; numbers untouched; the module's reader restores every value. */
    @Test
    void formulaEscaping_neutralisesEachTrigger_andTheReaderRestoresTheValues() throws Exception {
        Schema schema = Schema.of(Field.required("id", DataType.INT), Field.optional("cell", DataType.STRING),
                Field.optional("n", DataType.LONG));
        List<String> cells = List.of("=SUM(A1:A9)", "+1", "-1", "@cmd", "\tx", "\rx", "'=x", "''+y", "plain", "'quoted", "a=b", "'", "");
        List<String> written = List.of("'=SUM(A1:A9)", "'+1", "'-1", "'@cmd", "'\tx", "\"'\rx\"", "''=x", "'''+y", "plain",
                "'quoted", "a=b", "'", "\"\"");
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            rows.add(Row.of(i, cells.get(i), -1L - i));
        }
        ExportResult result = DatasetExport.from(Datasets.of("t", schema, rows)).to(FileDestination.of(dir)).format("csv").run();
        List<String> lines = Files.readAllLines(dir.resolve(result.files().get(0).path()));
        // "\rx" holds a line break for readAllLines: compare the whole text instead
        StringBuilder expected = new StringBuilder("id,cell,n\n");
        for (int i = 0; i < cells.size(); i++) {
            expected.append(i).append(',').append(written.get(i)).append(',').append(-1L - i).append('\n');
        }
        assertThat(Files.readString(dir.resolve(result.files().get(0).path()))).isEqualTo(expected.toString());
        assertThat(lines.get(0)).isEqualTo("id,cell,n");
        FileDataset csv = FileDataset.builder(FileSource.local(dir), CsvFiles.reader()).id("t").schema(schema).build();
        assertThat(readAll(csv)).extracting(r -> r.get(1)).containsExactlyElementsOf(cells);
    }

    @Test
    void noHeader_semicolons_crlf_andANullText_roundTrip_andAStringEqualToTheNullTextStaysAString() throws Exception {
        CsvFormat format = CsvFormatProvider.fromOptions(Map.of("delimiter", ";", "lineEnding", "crlf", "header", "false",
                "nullValue", "\\N"));
        Schema schema = Schema.of(Field.required("a", DataType.STRING), Field.optional("b", DataType.STRING));
        List<Row> rows = List.of(Row.of("x;y", null), Row.of("\\N", ""), Row.of("z", "w"));
        ExportResult result = DatasetExport.from(Datasets.of("t", schema, rows)).to(FileDestination.of(dir)).format(format).run();
        assertThat(Files.readString(dir.resolve(result.files().get(0).path()))).isEqualTo("\"x;y\";\\N\r\n\"\\N\";\"\"\r\nz;w\r\n");
        FileDataset csv = FileDataset.builder(FileSource.local(dir), CsvFiles.reader(format)).id("t").schema(schema).build();
        assertThat(readAll(csv)).extracting(r -> Arrays.asList(r.get(0), r.get(1)))
                .containsExactly(Arrays.asList("x;y", null), Arrays.asList("\\N", ""), Arrays.asList("z", "w"));
    }

    @Test
    void nestedRefuse_failsBeforeAnyRowIsRead_andBadOptionsAreConfigurationErrors() {
        Iterable<Row> untouchable = () -> {
            throw new AssertionError("no row may be read");
        };
        assertThatThrownBy(() -> DatasetExport.from(Datasets.of("events", ExperienceEvents.SCHEMA, untouchable))
                .to(FileDestination.of(dir)).format("csv", Map.of("nested", "refuse")).run())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("nested=refuse");
        assertThatThrownBy(() -> CsvFormatProvider.fromOptions(Map.of("delimiter", ";;")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("delimiter");
        assertThatThrownBy(() -> CsvFormatProvider.fromOptions(Map.of("seperator", ";")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("seperator");
        assertThatThrownBy(() -> CsvFormatProvider.fromOptions(Map.of("quote", ",")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("must differ");
        assertThatThrownBy(() -> CsvFormatProvider.fromOptions(Map.of("dateTimeFormat", "yyyy-MM-dd {{")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("dateTimeFormat");
    }

    @Test
    void badValues_failNamingFileLineColumnAndField_neverTheValue() throws Exception {
        Schema schema = Schema.of(Field.required("id", DataType.LONG), Field.optional("amount", DataType.decimal(6, 2)),
                Field.optional("at", DataType.TIMESTAMP));
        FileDataset csv = FileDataset.builder(FileSource.local(dir), CsvFiles.reader()).id("t").schema(schema).build();
        Files.writeString(dir.resolve("a.csv"), "id,amount,at\n1,1.50,2026-11-28T09:00:00Z\n2,secret-12.345,\n");
        assertThatThrownBy(() -> readAll(csv)).isInstanceOf(ExportException.class)
                .hasMessageContaining("a.csv").hasMessageContaining("line 3").hasMessageContaining("column 2")
                .hasMessageContaining("field \"amount\"").hasMessageNotContaining("secret");
        Files.writeString(dir.resolve("a.csv"), "id,amount,at\n1,1.505,\n");
        assertThatThrownBy(() -> readAll(csv)).hasMessageContaining("line 2").hasMessageContaining("decimal(6,2)");
        Files.writeString(dir.resolve("a.csv"), "id,amount,at\n1,1.50\n");
        assertThatThrownBy(() -> readAll(csv)).isInstanceOf(ExportException.class).hasMessageContaining("a.csv")
                .hasMessageContaining("line 2").hasMessageContaining("the line has 2 columns, the header 3");
        // without a header the first line sets nothing: a line shorter than the schema is refused by its own count
        FileDataset positional = FileDataset.builder(FileSource.local(dir), CsvFiles.reader(CsvFormat.builder().header(false).build()))
                .id("t").schema(schema).build();
        Files.writeString(dir.resolve("a.csv"), "1,1.50\n");
        assertThatThrownBy(() -> readAll(positional)).isInstanceOf(ExportException.class).hasMessageContaining("a.csv")
                .hasMessageContaining("line 1").hasMessageContaining("the line has 2 columns, the schema needs 3");
        Files.writeString(dir.resolve("a.csv"), "id,price,at\n1,1.50,\n");
        assertThatThrownBy(() -> readAll(csv)).hasMessageContaining("no column \"amount\"");
        Files.writeString(dir.resolve("a.csv"), "id,amount,at\n1,1e999999999,\n");
        assertThatThrownBy(() -> readAll(csv)).hasMessageContaining("column 2");
        // a nested cell that is not JSON of its type: Jackson's own message would quote the text, ours does not
        Schema nested = Schema.of(Field.required("id", DataType.LONG),
                Field.optional("address", DataType.struct(Field.optional("city", DataType.STRING))));
        Files.writeString(dir.resolve("a.csv"), "id,address\n1,\"{\"\"city\"\": secret-berlin}\"\n2,\"{\"\"city\"\": 7}\"\n");
        FileDataset withNested = FileDataset.builder(FileSource.local(dir), CsvFiles.reader()).id("t").schema(nested).build();
        assertThatThrownBy(() -> readAll(withNested)).isInstanceOf(ExportException.class).hasMessageContaining("line 2")
                .hasMessageContaining("column 2").hasMessageContaining("field \"address\"").hasMessageNotContaining("secret");
        Files.writeString(dir.resolve("a.csv"), "id,address\n2,\"{\"\"city\"\": 7}\"\n");
        assertThatThrownBy(() -> readAll(withNested)).hasMessageContaining("expected string in the JSON text");
    }

    /**
     * A 2 GiB field (a sparse file: the hole reads as zeros inside an unclosed quote) is refused at
     * the 16 Mi-character default while being read; this module's tests run in 256 MiB, which
     * could not hold it.
     */
    @Test
    void aTwoGigabyteField_isRefusedAtTheLimitWithoutReadingItWhole() throws Exception {
        Schema schema = Schema.of(Field.required("id", DataType.LONG), Field.optional("text", DataType.STRING));
        Path file = dir.resolve("huge.csv");
        try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            raf.write("id,text\n1,\"".getBytes(StandardCharsets.UTF_8));
            raf.setLength(2L * 1024 * 1024 * 1024 + 16);
        }
        assertThat(Runtime.getRuntime().maxMemory()).isLessThan(1L << 30);
        FileDataset csv = FileDataset.builder(FileSource.local(dir), CsvFiles.reader()).id("t").schema(schema).build();
        long start = System.nanoTime();
        assertThatThrownBy(() -> readAll(csv)).isInstanceOf(ExportException.class).hasMessageContaining("huge.csv")
                .hasMessageContaining("line 2").hasMessageContaining("longer than maxFieldSize");
        System.out.printf("2 GiB field refused after %d ms%n", (System.nanoTime() - start) / 1_000_000);
    }

    @Test
    void aTimestampPattern_isWrittenAndParsed_inUtc() throws Exception {
        CsvFormat format = CsvFormatProvider.fromOptions(Map.of("dateTimeFormat", "yyyy-MM-dd HH:mm:ss"));
        Schema schema = Schema.of(Field.required("at", DataType.TIMESTAMP), Field.optional("day", DataType.DATE),
                Field.optional("nested", DataType.struct(Field.optional("t", DataType.TIMESTAMP))));
        List<Row> rows = List.of(Row.of(Instant.parse("2026-11-28T09:00:30Z"), LocalDate.of(2026, 11, 28),
                        Row.of(Instant.parse("2026-11-28T09:00:30.5Z"))),
                Row.of(Instant.parse("1969-12-31T23:59:59Z"), null, null));
        ExportResult result = DatasetExport.from(Datasets.of("t", schema, rows)).to(FileDestination.of(dir)).format(format).run();
        // nested values are JSON text in the JSON Lines mapping: ISO, whatever the pattern
        assertThat(Files.readString(dir.resolve(result.files().get(0).path()))).isEqualTo("at,day,nested\n"
                + "2026-11-28 09:00:30,2026-11-28,\"{\"\"t\"\":\"\"2026-11-28T09:00:30.500000Z\"\"}\"\n1969-12-31 23:59:59,,\n");
        FileDataset csv = FileDataset.builder(FileSource.local(dir), CsvFiles.reader(format)).id("t").schema(schema).build();
        assertThat(readAll(csv)).extracting(r -> Arrays.asList(r.get(0), r.get(2) == null ? null : ((Row) r.get(2)).get(0)))
                .containsExactly(Arrays.asList(rows.get(0).get(0), Instant.parse("2026-11-28T09:00:30.5Z")),
                        Arrays.asList(rows.get(1).get(0), null));
    }

    @Test
    void byteRanges_alignedToLines_giveEachRowExactlyOnce_andSpreadOneFileOverTheWorkers() throws Exception {
        CsvFormat format = CsvFormat.builder().multilineValues(false).build();
        List<Row> rows = ExperienceEvents.rows(25_000, 19);
        Path in = dir.resolve("in");
        ExportResult written = DatasetExport.from(Datasets.of("events", ExperienceEvents.SCHEMA, rows)).to(FileDestination.of(in))
                .format(format).run();
        assertThat(written.files()).hasSize(1);
        FileFormatReader reader = CsvFiles.reader(format);
        SourceFile file = FileSource.local(in).list().get(0);
        assertThat(file.size()).isGreaterThan(2 * CsvFiles.MIN_PART_BYTES);
        List<FilePart> parts = reader.parts(FileSource.local(in), file, 4);
        assertThat(parts).hasSizeGreaterThan(1);
        List<Row> back = new ArrayList<>();
        for (FilePart part : parts) {
            try (RowReader r = reader.read(FileSource.local(in), file, part, ExperienceEvents.SCHEMA)) {
                while (r.hasNext()) {
                    back.add(r.next());
                }
            }
        }
        assertThat(shape(back, ExperienceEvents.SCHEMA)).isEqualTo(shape(rows, ExperienceEvents.SCHEMA));

        FileDataset csv = FileDataset.builder(FileSource.local(in), reader).id("events").schema(ExperienceEvents.SCHEMA).build();
        ExportResult converted = DatasetExport.from(csv).to(FileDestination.of(dir.resolve("out"))).format(format).parallelism(3).run();
        assertThat(converted.records()).isEqualTo(rows.size());
        assertThat(converted.files().stream().map(f -> f.name().substring(0, 10)).distinct()).hasSizeGreaterThan(1);

        // quoted line breaks need whole-file reading: the default keeps the file whole
        assertThat(CsvFiles.reader().parts(FileSource.local(in), file, 4)).containsExactly(FilePart.WHOLE);
    }

    @Test
    void lineRange_edgesAtLineStartsInsideLinesAndAtTheEnd() throws Exception {
        Path file = dir.resolve("lines.csv");
        Files.writeString(file, "a\nbb\nccc\n\ndddd");
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file)) {
            long size = Files.size(file);
            for (long cut1 = 0; cut1 <= size; cut1++) {
                for (long cut2 = cut1; cut2 <= size; cut2++) {
                    StringBuilder all = new StringBuilder();
                    for (long[] r : new long[][] {{0, cut1}, {cut1, cut2}, {cut2, size}}) {
                        try (CsvFiles.LineRange range = new CsvFiles.LineRange(ch, r[0], r[1], null)) {
                            all.append(new String(range.readAllBytes(), StandardCharsets.UTF_8));
                        }
                    }
                    assertThat(all.toString()).as("cuts %d %d", cut1, cut2).isEqualTo("a\nbb\nccc\n\ndddd");
                }
            }
        }
    }

    @Test
    void serviceLoader_findsCsv_withOptions() throws IOException {
        Schema schema = Schema.of(Field.required("a", DataType.STRING));
        ExportResult result = DatasetExport.from(Datasets.of("t", schema, List.of(Row.of("v")))).to(FileDestination.of(dir))
                .format("csv", Map.of("header", "false")).run();
        assertThat(Files.readString(dir.resolve(result.files().get(0).path()))).isEqualTo("v\n");
    }
}
