package org.datasetexport.format.csv;

import java.io.IOException;
import java.io.OutputStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.datasetexport.Compression;
import org.datasetexport.ConfigurationException;
import org.datasetexport.data.DataType;
import org.datasetexport.data.Field;
import org.datasetexport.data.Schema;
import org.datasetexport.spi.CompressionStreams;
import org.datasetexport.spi.Format;
import org.datasetexport.spi.RecordWriter;

/**
 * CSV files (RFC 4180), written with FastCSV and read by this module's strict reader, its exact
 * inverse (see {@link CsvFiles}). Defaults: comma, {@code "} quoting only
 * where needed, LF line endings, a header row of field names, null as an empty unquoted cell (an
 * empty string is written {@code ""}), timestamps and dates in the ISO forms of the JSON format,
 * nested values (struct, array, map) as compact JSON text, and spreadsheet formula escaping on.
 * Whole-file compression {@code NONE} ({@code .csv}), {@code GZIP} ({@code .csv.gz}) or
 * {@code ZSTD} ({@code .csv.zst}).
 *
 * <p>Value mapping: STRING as is; BOOLEAN {@code true}/{@code false}; INT, LONG in decimal;
 * FLOAT, DOUBLE in Java's shortest round-trip form ({@code 0.1}, {@code 1.0E10}, {@code NaN},
 * {@code Infinity}); DECIMAL in plain notation with the type's scale; DATE {@code yyyy-MM-dd};
 * TIMESTAMP {@code yyyy-MM-ddTHH:mm:ss.SSSSSSZ} in UTC (or {@link Builder#dateTimeFormat});
 * BINARY base64; STRUCT, ARRAY, MAP as JSON text in the JSON Lines format's mapping (ISO timestamps
 * whatever {@code dateTimeFormat} says; {@code {"city":"Berlin"}}) or refused with
 * {@link Nested#REFUSE}.
 *
 * <p><b>Formula escaping</b> (OWASP "CSV injection"): a spreadsheet runs a cell starting with
 * {@code =}, {@code +}, {@code -}, {@code @}, tab or carriage return as a formula. With
 * {@code formulaEscape} on (the default), a string cell starting with one of them — after any
 * apostrophes — gets one more apostrophe in front ({@code '=SUM(A1)}), which spreadsheets show as
 * text. {@link CsvFiles#reader(CsvFormat)} removes it again, so the round trip is exact; other
 * readers see the apostrophe. Numbers are never escaped. Turn it off for files only machines read
 * (a warehouse {@code COPY}).
 *
 * <p>Immutable and thread-safe.
 */
public final class CsvFormat implements Format {
    /** The provider name. */
    public static final String NAME = "csv";

    private static final Set<Compression> SUPPORTED = EnumSet.of(Compression.NONE, Compression.GZIP, Compression.ZSTD);
    private static final CsvFormat DEFAULT = builder().build();

    /** What happens to struct, array and map fields. */
    public enum Nested {
        /** Written as compact JSON text in the cell (the default). */
        JSON,
        /** A schema with such a field is refused with a {@code ConfigurationException} before any row is read. */
        REFUSE
    }

    /** Line endings. */
    public enum LineEnding {
        /** {@code \n} (the default: what Unix tools and most readers expect). */
        LF,
        /** {@code \r\n}, as RFC 4180 writes it. */
        CRLF
    }

    private final char delimiter;
    private final char quote;
    private final LineEnding lineEnding;
    private final boolean header;
    private final String nullValue;
    private final Nested nested;
    private final boolean formulaEscape;
    private final String dateTimeFormat;
    private final DateTimeFormatter dateTimeFormatter;
    private final int maxFieldSize;
    private final int maxRecordSize;
    private final boolean multilineValues;

    /** A probe instant with every field from year to second different: a pattern must write it so it reads back equal. */
    private static final java.time.Instant PROBE = java.time.Instant.parse("2001-02-03T04:05:06Z");

    /**
     * Refuses a timestamp pattern that loses more than the fraction of a second ({@code yyyy} keeps the
     * year alone, {@code HH:mm} drops the date): the reader parses cells with the same pattern, so
     * what it cannot read back to the same second would be lost silently.
     */
    private static void requireRoundTrip(DateTimeFormatter formatter, String pattern) {
        java.time.Instant back;
        try {
            back = formatter.parse(formatter.format(PROBE), java.time.Instant::from);
        } catch (java.time.DateTimeException e) {
            throw new ConfigurationException("CSV dateTimeFormat \"" + pattern + "\" cannot be read back into a timestamp "
                    + "(it needs the date and the time to the second, e.g. yyyy-MM-dd HH:mm:ss): " + e.getMessage());
        }
        ConfigurationException.check(back.equals(PROBE), "CSV dateTimeFormat \"%s\" loses part of a timestamp: %s reads back as %s "
                + "(it needs the date and the time to the second, e.g. yyyy-MM-dd HH:mm:ss)", pattern, PROBE, back);
    }

    private CsvFormat(Builder b) {
        ConfigurationException.check(b.delimiter != b.quote, "CSV delimiter and quote must differ, both are '%s'", b.delimiter);
        // control characters (NUL above all) are invisible in every viewer and end C strings; tab is the one usual separator among them
        ConfigurationException.check(b.delimiter == '\t' || !Character.isISOControl(b.delimiter),
                "CSV delimiter cannot be a control character other than tab, got U+%04X", (int) b.delimiter);
        ConfigurationException.check(!Character.isISOControl(b.quote), "CSV quote cannot be a control character, got U+%04X", (int) b.quote);
        for (char c : new char[] {b.delimiter, b.quote}) {
            ConfigurationException.check(c != '\n' && c != '\r', "CSV delimiter and quote cannot be a line break");
        }
        ConfigurationException.check(b.nullValue.indexOf(b.delimiter) < 0 && b.nullValue.indexOf(b.quote) < 0
                && b.nullValue.indexOf('\n') < 0 && b.nullValue.indexOf('\r') < 0,
                "CSV nullValue cannot contain the delimiter, the quote or a line break");
        this.delimiter = b.delimiter;
        this.quote = b.quote;
        this.lineEnding = b.lineEnding;
        this.header = b.header;
        this.nullValue = b.nullValue;
        this.nested = b.nested;
        this.formulaEscape = b.formulaEscape;
        this.dateTimeFormat = b.dateTimeFormat;
        DateTimeFormatter formatter = null;
        if (b.dateTimeFormat != null) {
            try {
                formatter = DateTimeFormatter.ofPattern(b.dateTimeFormat).withZone(ZoneOffset.UTC);
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("CSV dateTimeFormat \"" + b.dateTimeFormat + "\" is not a valid pattern: " + e.getMessage());
            }
            requireRoundTrip(formatter, b.dateTimeFormat);
        }
        this.dateTimeFormatter = formatter;
        this.maxFieldSize = b.maxFieldSize;
        this.maxRecordSize = b.maxRecordSize;
        this.multilineValues = b.multilineValues;
    }

    /** @return the defaults: comma, {@code "}, LF, header, null as empty, nested as JSON, formula escaping on */
    public static CsvFormat create() {
        return DEFAULT;
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Compression> supportedCompressions() {
        return SUPPORTED;
    }

    @Override
    public Optional<String> unsupportedReason(Schema schema) {
        if (nested == Nested.REFUSE) {
            for (Field f : schema.fields()) {
                DataType.Kind kind = f.type().kind();
                if (kind == DataType.Kind.STRUCT || kind == DataType.Kind.ARRAY || kind == DataType.Kind.MAP) {
                    return Optional.of("field \"" + f.name() + "\" is " + f.type().displayName()
                            + ", and the CSV format is set to refuse nested fields (nested=refuse)");
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public String fileExtension(Compression compression) {
        switch (requireSupported(compression)) {
            case GZIP:
                return "csv.gz";
            case ZSTD:
                return "csv.zst";
            default:
                return "csv";
        }
    }

    @Override
    public RecordWriter open(Schema schema, OutputStream out, Compression compression) throws IOException {
        ConfigurationException.requireNonNull(schema, "schema");
        ConfigurationException.requireNonNull(out, "out");
        unsupportedReason(schema).ifPresent(reason -> {
            throw new ConfigurationException(reason);
        });
        return new CsvRecordWriter(this, schema, CompressionStreams.wrap(out, requireSupported(compression)));
    }

    char delimiter() {
        return delimiter;
    }

    char quote() {
        return quote;
    }

    LineEnding lineEnding() {
        return lineEnding;
    }

    boolean header() {
        return header;
    }

    String nullValue() {
        return nullValue;
    }

    boolean formulaEscape() {
        return formulaEscape;
    }

    /** @return the user's timestamp pattern, or null for ISO-8601 */
    DateTimeFormatter dateTimeFormatter() {
        return dateTimeFormatter;
    }

    int maxFieldSize() {
        return maxFieldSize;
    }

    int maxRecordSize() {
        return maxRecordSize;
    }

    boolean multilineValues() {
        return multilineValues;
    }

    @Override
    public String toString() {
        return "CsvFormat[delimiter='" + delimiter + "', quote='" + quote + "', lineEnding=" + lineEnding + ", header=" + header
                + ", nullValue=\"" + nullValue + "\", nested=" + nested + ", formulaEscape=" + formulaEscape
                + (dateTimeFormat != null ? ", dateTimeFormat=\"" + dateTimeFormat + "\"" : "") + "]";
    }

    /** Settings of a {@link CsvFormat}; every one has a default. */
    public static final class Builder {
        private char delimiter = ',';
        private char quote = '"';
        private LineEnding lineEnding = LineEnding.LF;
        private boolean header = true;
        private String nullValue = "";
        private Nested nested = Nested.JSON;
        private boolean formulaEscape = true;
        private String dateTimeFormat;
        private int maxFieldSize = 16 * 1024 * 1024;
        private int maxRecordSize = 64 * 1024 * 1024;
        private boolean multilineValues = true;

        private Builder() {
        }

        /**
         * @param delimiter the field separator; default {@code ,}
         * @return this builder
         */
        public Builder delimiter(char delimiter) {
            this.delimiter = delimiter;
            return this;
        }

        /**
         * @param quote the quote character; default {@code "}
         * @return this builder
         */
        public Builder quote(char quote) {
            this.quote = quote;
            return this;
        }

        /**
         * @param lineEnding LF (default) or CRLF
         * @return this builder
         */
        public Builder lineEnding(LineEnding lineEnding) {
            this.lineEnding = ConfigurationException.requireNonNull(lineEnding, "lineEnding");
            return this;
        }

        /**
         * @param header whether the first line holds the field names (default true); without it the
         *               reader matches columns by position
         * @return this builder
         */
        public Builder header(boolean header) {
            this.header = header;
            return this;
        }

        /**
         * @param nullValue the text of a null cell, written unquoted (default empty); a string equal
         *                  to it is written quoted, so the two stay apart
         * @return this builder
         */
        public Builder nullValue(String nullValue) {
            this.nullValue = ConfigurationException.requireNonNull(nullValue, "nullValue");
            return this;
        }

        /**
         * @param nested JSON (default) or REFUSE
         * @return this builder
         */
        public Builder nested(Nested nested) {
            this.nested = ConfigurationException.requireNonNull(nested, "nested");
            return this;
        }

        /**
         * @param formulaEscape whether string cells that a spreadsheet would run as a formula get an
         *                      apostrophe in front (default true; see the class description)
         * @return this builder
         */
        public Builder formulaEscape(boolean formulaEscape) {
            this.formulaEscape = formulaEscape;
            return this;
        }

        /**
         * @param pattern a {@link DateTimeFormatter} pattern for timestamps, applied in UTC (for
         *                example {@code yyyy-MM-dd HH:mm:ss}); null (the default) for ISO-8601 with
         *                six fraction digits. The reader parses the same pattern, so it must keep
         *                the date and the time to the second (fractions may be dropped): a pattern
         *                that reads back differently (such as {@code yyyy}) is refused. Timestamps
         *                inside nested JSON cells keep the ISO form (they are JSON text).
         * @return this builder
         */
        public Builder dateTimeFormat(String pattern) {
            this.dateTimeFormat = pattern;
            return this;
        }

        /**
         * @param chars the largest field the reader accepts, in characters (default 16 Mi); a larger
         *              one fails naming the file and line, without reading it whole. The writer
         *              refuses a larger value too, naming the field, so what it writes reads back
         * @return this builder
         */
        public Builder maxFieldSize(int chars) {
            ConfigurationException.check(chars > 0, "maxFieldSize must be positive, got %s", chars);
            this.maxFieldSize = chars;
            return this;
        }

        /**
         * @param chars the largest record the reader accepts, in characters (default 64 Mi)
         * @return this builder
         */
        public Builder maxRecordSize(int chars) {
            ConfigurationException.check(chars > 0, "maxRecordSize must be positive, got %s", chars);
            this.maxRecordSize = chars;
            return this;
        }

        /**
         * @param multilineValues whether quoted values may hold line breaks (default true). Say
         *                        false when they never do: the reader then splits a large
         *                        uncompressed file into byte ranges aligned to line starts, so
         *                        {@code parallelism} spreads one file over several workers.
         * @return this builder
         */
        public Builder multilineValues(boolean multilineValues) {
            this.multilineValues = multilineValues;
            return this;
        }

        /**
         * @return the format
         * @throws ConfigurationException when delimiter, quote and null value collide or the
         *                                timestamp pattern is invalid
         */
        public CsvFormat build() {
            return new CsvFormat(this);
        }
    }
}
