package org.datasetexport.format.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.datasetexport.Compression;
import org.datasetexport.DatasetExport;
import org.datasetexport.ExportException;
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
import org.datasetexport.files.FileFormatReader;
import org.datasetexport.files.FilePart;
import org.datasetexport.files.FileSource;
import org.datasetexport.files.SourceFile;
import org.datasetexport.spi.RecordWriter;
import org.datasetexport.testdata.DuckDbReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 32: the CSV reader reads exactly what the writer writes and refuses what is not CSV,
 * naming the file, line and column; the writer escapes header cells, base64 and dates like data
 * cells and never writes what its own reader would refuse.
 */
class CsvStrictReadingTest {
    private static final Schema ONE = Schema.of(Field.optional("v", DataType.STRING));
    private static final Schema TWO = Schema.of(Field.optional("v", DataType.STRING), Field.optional("w", DataType.STRING));

    @TempDir
    Path dir;

    private List<Row> read(Schema schema, CsvFormat format, byte[] bytes) throws Exception {
        Files.write(dir.resolve("a.csv"), bytes);
        FileDataset csv = FileDataset.builder(FileSource.local(dir), CsvFiles.reader(format)).id("t").schema(schema).build();
        List<Row> rows = new ArrayList<>();
        for (Split split : csv.plan(new ScanRequest(TimeWindow.upTo(Instant.now()), 1))) {
            try (RowReader r = csv.read(split)) {
                r.forEachRemaining(rows::add);
            }
        }
        return rows;
    }

    private List<Row> read(Schema schema, String text) throws Exception {
        return read(schema, CsvFormat.create(), text.getBytes(StandardCharsets.UTF_8));
    }

    private static List<Object> column(List<Row> rows, int i) {
        List<Object> out = new ArrayList<>();
        rows.forEach(r -> out.add(r.get(i)));
        return out;
    }

    @Test
    void aQuotedValueEndingInABareCr_inTheLastColumn_keepsEveryRow() throws Exception {
        // found by the attack: one row too few with one column, the whole file unreadable with two
        assertThat(column(read(ONE, "v\n\"x\r\"\nhello\nworld\n"), 0)).containsExactly("x\r", "hello", "world");
        List<Row> two = read(TWO, "v,w\na,\"x\r\"\nb,hello\nc,world\n");
        assertThat(column(two, 1)).containsExactly("x\r", "hello", "world");
        // and what the writer writes for such values reads back, also by DuckDB
        List<Row> rows = List.of(Row.of("a", "x\r"), Row.of("\r", "\r\n"), Row.of("b", "\n"));
        CsvFormat plain = CsvFormat.builder().formulaEscape(false).build(); // DuckDB would see the apostrophe before "\r"
        byte[] bytes = write(TWO, plain, rows);
        assertThat(read(TWO, plain, bytes)).extracting(r -> Arrays.asList(r.get(0), r.get(1)))
                .containsExactly(Arrays.asList("a", "x\r"), Arrays.asList("\r", "\r\n"), Arrays.asList("b", "\n"));
        Files.write(dir.resolve("a.csv"), bytes);
        try (DuckDbReader duck = new DuckDbReader()) {
            assertThat(duck.readCsv(dir.resolve("a.csv"), TWO, true, "")).containsExactly(List.of("a", "x\r"), List.of("\r", "\r\n"),
                    List.of("b", "\n"));
        }
    }

    /** A file ending in a delimiter right after the 16th value (the parser's first array size) ends in one more, empty value. */
    @Test
    void aDelimiterAtTheVeryEndOfAWideLine_isOneMoreEmptyValue() throws Exception {
        List<Field> fields = new ArrayList<>();
        for (int i = 0; i < 17; i++) {
            fields.add(Field.optional("c" + i, DataType.STRING));
        }
        Schema wide = Schema.of(fields.toArray(new Field[0]));
        String header = String.join(",", fields.stream().map(Field::name).toList());
        List<Row> rows = read(wide, header + "\n" + "v,".repeat(16));
        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.get(15)).isEqualTo("v");
            assertThat(r.get(16)).as("the empty, unquoted last value: the null text").isNull();
        });
    }

    @Test
    void invalidUtf8_isRefusedNamingLineAndColumn_notReplaced() throws Exception {
        byte[] bytes = "v,w\na,b\nc,d\u00e9\n".getBytes(StandardCharsets.UTF_8);
        bytes[bytes.length - 2] = (byte) 0xff; // the second byte of é
        assertThatThrownBy(() -> read(TWO, CsvFormat.create(), bytes)).isInstanceOf(ExportException.class)
                .hasMessageContaining("a.csv").hasMessageContaining("line 3").hasMessageContaining("column 2")
                .hasMessageContaining("not UTF-8");
        // a truncated multi-byte character at the end of the file too
        byte[] cut = Arrays.copyOf("v\n\u00e9".getBytes(StandardCharsets.UTF_8), 3);
        assertThatThrownBy(() -> read(ONE, CsvFormat.create(), cut)).hasMessageContaining("not UTF-8").hasMessageContaining("line 2");
    }

    @Test
    void aFileEndingInsideAQuotedValue_isRefusedAsTruncated() {
        assertThatThrownBy(() -> read(TWO, "v,w\na,b\nc,\"half a val")).isInstanceOf(ExportException.class)
                .hasMessageContaining("line 3").hasMessageContaining("column 2").hasMessageContaining("ends inside a quoted value");
        assertThatThrownBy(() -> read(ONE, "v\n\"one\nline two\nthree")).hasMessageContaining("line 2")
                .hasMessageContaining("truncated");
    }

    @Test
    void strayQuotes_areRefused() {
        assertThatThrownBy(() -> read(TWO, "v,w\na,b\"c\n")).isInstanceOf(ExportException.class)
                .hasMessageContaining("line 2").hasMessageContaining("column 2").hasMessageContaining("quote inside an unquoted value");
        assertThatThrownBy(() -> read(TWO, "v,w\n\"a\"b,c\n")).hasMessageContaining("line 2").hasMessageContaining("column 1")
                .hasMessageContaining("after the closing quote");
        assertThatThrownBy(() -> read(TWO, "v,w\n\"a\" ,c\n")).hasMessageContaining("after the closing quote");
    }

    @Test
    void ragged_lines_areRefused_evenWhenTheSchemaReadsFewerColumns() {
        assertThatThrownBy(() -> read(ONE, "v,w\na,b,c\n")).isInstanceOf(ExportException.class).hasMessageContaining("line 2")
                .hasMessageContaining("the line has 3 columns, the header 2");
        assertThatThrownBy(() -> read(ONE, CsvFormat.builder().header(false).build(), "a,b\nc\n".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("line 2").hasMessageContaining("the first line 2");
    }

    @Test
    void aDuplicateHeaderColumn_theSchemaReads_isRefused() throws Exception {
        assertThatThrownBy(() -> read(TWO, "v,w,v\n1,2,3\n")).isInstanceOf(ExportException.class).hasMessageContaining("line 1")
                .hasMessageContaining("column 3").hasMessageContaining("\"v\" appears twice");
        // a duplicate among columns the schema ignores is harmless
        assertThat(column(read(ONE, "v,x,x\n1,2,3\n"), 0)).containsExactly("1");
    }

    @Test
    void aByteOrderMark_beforeTheHeader_isSkipped_notPartOfTheFirstName() throws Exception {
        assertThat(column(read(TWO, "\uFEFFv,w\na,b\n"), 0)).containsExactly("a");
        // anywhere else it is a character of the value
        assertThat(column(read(TWO, "v,w\n\uFEFFa,b\n"), 0)).containsExactly("\uFEFFa");
    }

    @Test
    void nonAsciiDigits_areNotNumbers() {
        Schema schema = Schema.of(Field.optional("n", DataType.INT), Field.optional("d", DataType.decimal(6, 2)),
                Field.optional("x", DataType.DOUBLE));
        assertThatThrownBy(() -> read(schema, "n,d,x\n\u0661\u0662,,\n")).isInstanceOf(ExportException.class)
                .hasMessageContaining("column 1").hasMessageContaining("field \"n\"");
        assertThatThrownBy(() -> read(schema, "n,d,x\n,\u0661.5,\n")).hasMessageContaining("field \"d\"");
        assertThatThrownBy(() -> read(schema, "n,d,x\n,,\uff11\n")).hasMessageContaining("field \"x\"");
    }

    @Test
    void headerCells_base64_andDatesBeyondYear9999OrBeforeYear1_areEscapedLikeDataCells_andReadBack() throws Exception {
        Schema schema = Schema.of(Field.optional("=HYPERLINK(\"http://x\")", DataType.STRING), Field.optional("@cmd", DataType.BINARY),
                Field.optional("+x", DataType.DATE), Field.optional("at", DataType.TIMESTAMP));
        byte[] plus = {(byte) 0xfb, (byte) 0xef, 0x01}; // base64 "++8B"
        List<Row> rows = List.of(Row.of("a", plus, LocalDate.of(-44, 3, 15), Instant.parse("+10000-01-01T00:00:00Z")));
        byte[] bytes = write(schema, CsvFormat.create(), rows);
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertThat(text).startsWith("'=HYPERLINK(\"\"http://x\"\")\",'@cmd,'+x,at\n".replaceFirst("^", "\""))
                .contains(",'++8B,'-0044-03-15,'+10000-01-01T00:00:00.000000Z");
        List<Row> back = read(schema, CsvFormat.create(), bytes);
        assertThat((byte[]) back.get(0).get(1)).isEqualTo(plus);
        assertThat(back.get(0).get(2)).isEqualTo(LocalDate.of(-44, 3, 15));
        assertThat(back.get(0).get(3)).isEqualTo(Instant.parse("+10000-01-01T00:00:00Z"));
        // without escaping, written raw and read raw
        byte[] raw = write(schema, CsvFormat.builder().formulaEscape(false).build(), rows);
        assertThat(new String(raw, StandardCharsets.UTF_8)).contains(",++8B,-0044-03-15,");
        assertThat((byte[]) read(schema, CsvFormat.builder().formulaEscape(false).build(), raw).get(0).get(1)).isEqualTo(plus);
    }

    @Test
    void theWriter_refusesAValueItsReaderWouldRefuse_namingTheField() {
        CsvFormat small = CsvFormat.builder().maxFieldSize(10).build();
        assertThatThrownBy(() -> DatasetExport.from(Datasets.of("t", ONE, List.of(Row.of("x".repeat(11)))))
                .to(FileDestination.of(dir.resolve("out"))).format(small).run())
                .isInstanceOf(ExportException.class).hasMessageContaining("field \"v\"").hasMessageContaining("maxFieldSize (10)")
                .hasMessageNotContaining("xxxxxxxxxxx");
        CsvFormat oneLine = CsvFormat.builder().multilineValues(false).build();
        assertThatThrownBy(() -> DatasetExport.from(Datasets.of("t", ONE, List.of(Row.of("a\rb"))))
                .to(FileDestination.of(dir.resolve("out"))).format(oneLine).run())
                .hasMessageContaining("field \"v\"").hasMessageContaining("line break");
        assertThat(dir.resolve("out")).satisfies(out -> assertThat(!Files.exists(out) || isEmptyTree(out)).isTrue());
    }

    @Test
    void aSplitRead_refusesAQuotedLineBreak_insteadOfForgingARow() throws Exception {
        // a file written with multi-line values, read by someone who said values hold none: split, it would forge rows
        CsvFormat splitting = CsvFormat.builder().multilineValues(false).build();
        StringBuilder text = new StringBuilder("v,w\n");
        String value = "\"line one\nline two\"";
        int rows = 0;
        while (text.length() < 3 * CsvFiles.MIN_PART_BYTES) {
            text.append(rows++).append(',').append(value).append('\n');
        }
        Files.writeString(dir.resolve("a.csv"), text);
        FileFormatReader reader = CsvFiles.reader(splitting);
        SourceFile file = FileSource.local(dir).list().get(0);
        List<FilePart> parts = reader.parts(FileSource.local(dir), file, 3);
        assertThat(parts).hasSizeGreaterThan(1);
        for (FilePart part : parts) {
            assertThatThrownBy(() -> {
                try (RowReader r = reader.read(FileSource.local(dir), file, part, TWO)) {
                    r.forEachRemaining(x -> { });
                }
            }).isInstanceOf(ExportException.class).hasMessageContaining("multilineValues(false)");
        }
    }

    private static boolean isEmptyTree(Path root) {
        try (var files = Files.walk(root)) {
            return files.noneMatch(Files::isRegularFile);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] write(Schema schema, CsvFormat format, List<Row> rows) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (RecordWriter w = format.open(schema, out, Compression.NONE)) {
            for (Row row : rows) {
                w.write(row);
            }
        }
        return out.toByteArray();
    }
}
