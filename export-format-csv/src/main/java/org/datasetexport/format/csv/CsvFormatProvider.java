package org.datasetexport.format.csv;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.datasetexport.ConfigurationException;
import org.datasetexport.spi.Format;
import org.datasetexport.spi.FormatProvider;
import org.datasetexport.spi.OptionValues;

/**
 * The {@link java.util.ServiceLoader} entry for {@code format("csv")} and
 * {@code format("csv", Map.of(…))}. Options (all optional, see {@link CsvFormat.Builder}):
 * {@code delimiter} (one character, or {@code tab}), {@code quote} (one character),
 * {@code lineEnding} ({@code lf} or {@code crlf}), {@code header} ({@code true}/{@code false}),
 * {@code nullValue}, {@code nested} ({@code json} or {@code refuse}), {@code formulaEscape}
 * ({@code true}/{@code false}), {@code dateTimeFormat} (a {@code DateTimeFormatter} pattern),
 * {@code multilineValues} ({@code true}/{@code false}), {@code maxFieldSize}, {@code maxRecordSize}
 * (characters).
 */
public final class CsvFormatProvider implements FormatProvider {
    private static final Set<String> KNOWN = Set.of("delimiter", "quote", "lineEnding", "header", "nullValue", "nested",
            "formulaEscape", "dateTimeFormat", "multilineValues", "maxFieldSize", "maxRecordSize");

    /** Needed by {@link java.util.ServiceLoader}. */
    public CsvFormatProvider() {
    }

    @Override
    public String name() {
        return CsvFormat.NAME;
    }

    @Override
    public Format create(Map<String, String> options) {
        return fromOptions(options);
    }

    /**
     * @param options the options above
     * @return the format they describe
     * @throws ConfigurationException naming an unknown key or a bad value
     */
    public static CsvFormat fromOptions(Map<String, String> options) {
        OptionValues.requireKnownKeys(options, KNOWN, "format \"csv\"");
        CsvFormat.Builder b = CsvFormat.builder();
        options.forEach((key, value) -> {
            switch (key) {
                case "delimiter" -> b.delimiter(value.equalsIgnoreCase("tab") ? '\t' : oneChar(key, value));
                case "quote" -> b.quote(oneChar(key, value));
                case "lineEnding" -> b.lineEnding(switch (value.toLowerCase(Locale.ROOT)) {
                    case "lf" -> CsvFormat.LineEnding.LF;
                    case "crlf" -> CsvFormat.LineEnding.CRLF;
                    default -> throw new ConfigurationException("option \"lineEnding\" must be lf or crlf, got \"" + value + "\"");
                });
                case "header" -> b.header(OptionValues.bool(key, value));
                case "nullValue" -> b.nullValue(value);
                case "nested" -> b.nested(switch (value.toLowerCase(Locale.ROOT)) {
                    case "json" -> CsvFormat.Nested.JSON;
                    case "refuse" -> CsvFormat.Nested.REFUSE;
                    default -> throw new ConfigurationException("option \"nested\" must be json or refuse, got \"" + value + "\"");
                });
                case "formulaEscape" -> b.formulaEscape(OptionValues.bool(key, value));
                case "dateTimeFormat" -> b.dateTimeFormat(value);
                case "multilineValues" -> b.multilineValues(OptionValues.bool(key, value));
                case "maxFieldSize" -> b.maxFieldSize(OptionValues.integer(key, value));
                case "maxRecordSize" -> b.maxRecordSize(OptionValues.integer(key, value));
                default -> throw new IllegalStateException(key);
            }
        });
        return b.build();
    }

    private static char oneChar(String key, String value) {
        ConfigurationException.check(value.length() == 1, "option \"%s\" must be one character, got %d", key, value.length());
        return value.charAt(0);
    }
}
