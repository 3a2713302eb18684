package org.datasetexport.format.csv;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.datasetexport.data.ArrayType;
import org.datasetexport.data.DataType;
import org.datasetexport.data.DecimalType;
import org.datasetexport.data.Field;
import org.datasetexport.data.MapType;
import org.datasetexport.data.Row;
import org.datasetexport.data.StructType;
import org.datasetexport.spi.support.IsoTimes;
import org.datasetexport.spi.support.JsonValueWriter;

/**
 * Cell text for each type, both ways, as {@link CsvFormat} documents it. Not thread-safe (one per
 * writer or reader: it keeps a digit buffer).
 */
final class CsvValues {
    private static final JsonFactory JSON = new JsonFactoryBuilder()
            .rootValueSeparator((String) null)
            .streamReadConstraints(StreamReadConstraints.builder().maxNumberLength(1000).build())
            .build();

    private final DateTimeFormatter dateTimeFormatter;
    private final boolean formulaEscape;
    /** One generator for every nested cell (no root separator): flushed into the text after each value, which is then emptied. */
    private final StringWriter jsonText = new StringWriter();
    private JsonGenerator jsonGenerator;
    private JsonValueWriter json;

    CsvValues(CsvFormat format) {
        this.dateTimeFormatter = format.dateTimeFormatter();
        this.formulaEscape = format.formulaEscape();
    }

    /** @return the cell text of a non-null value */
    String format(Object value, DataType type) throws IOException {
        switch (type.kind()) {
            case STRING:
                return formulaEscape ? escapeFormula((String) value) : (String) value;
            case BOOLEAN:
            case INT:
            case LONG:
            case FLOAT:
            case DOUBLE:
                return value.toString();
            case DECIMAL:
                return ((BigDecimal) value).setScale(((DecimalType) type).scale()).toPlainString();
            case DATE:
                return escaped(IsoTimes.date((LocalDate) value)); // a year before 1 starts with '-', after 9999 with '+'
            case TIMESTAMP:
                return escaped(dateTimeFormatter != null ? dateTimeFormatter.format((Instant) value) : IsoTimes.timestampMicros((Instant) value));
            case BINARY:
                return escaped(Base64.getEncoder().encodeToString((byte[]) value)); // base64 may start with '+'
            case STRUCT:
            case ARRAY:
            case MAP: {
                // the JSON Lines mapping, whatever dateTimeFormat says: a nested value is JSON text
                if (json == null) {
                    jsonGenerator = JSON.createGenerator(jsonText);
                    json = new JsonValueWriter(jsonGenerator);
                }
                json.writeValue(value, type);
                jsonGenerator.flush();
                String text = jsonText.toString();
                jsonText.getBuffer().setLength(0);
                return text;
            }
            default:
                throw new IllegalStateException("unhandled kind " + type.kind());
        }
    }

    /**
     * @param text a cell's text (not the null text)
     * @param type the field's type
     * @return the value
     * @throws IllegalArgumentException naming what was expected (never quoting the text: it may be personal data)
     */
    Object parse(String text, DataType type) {
        try {
            switch (type.kind()) {
                case STRING:
                    return formulaEscape ? unescapeFormula(text) : text;
                case BOOLEAN:
                    if (text.equals("true")) {
                        return Boolean.TRUE;
                    }
                    if (text.equals("false")) {
                        return Boolean.FALSE;
                    }
                    throw new IllegalArgumentException("expected true or false");
                case INT:
                    return Integer.valueOf(ascii(text));
                case LONG:
                    return Long.valueOf(ascii(text));
                case FLOAT:
                    return Float.valueOf(number(ascii(text)));
                case DOUBLE:
                    return Double.valueOf(number(ascii(text)));
                case DECIMAL:
                    return decimal(ascii(text), (DecimalType) type);
                case DATE:
                    return LocalDate.parse(unescaped(text));
                case TIMESTAMP:
                    return dateTimeFormatter != null ? dateTimeFormatter.parse(unescaped(text), Instant::from) : Instant.parse(unescaped(text));
                case BINARY:
                    return Base64.getDecoder().decode(unescaped(text));
                case STRUCT:
                case ARRAY:
                case MAP:
                    try (JsonParser p = JSON.createParser(text)) {
                        p.nextToken();
                        Object value = readJson(p, type);
                        if (p.nextToken() != null) {
                            throw new IllegalArgumentException("expected one JSON value, found more after it");
                        }
                        return value;
                    }
                default:
                    throw new IllegalStateException("unhandled kind " + type.kind());
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("expected " + expected(type), e);
        } catch (IOException e) {
            // not the parser's message: it quotes the text, which may be personal data
            throw new IllegalArgumentException("expected " + expected(type) + " as JSON text", e);
        }
    }

    private String expected(DataType type) {
        switch (type.kind()) {
            case DATE:
                return "a date (yyyy-MM-dd)";
            case TIMESTAMP:
                return dateTimeFormatter != null ? "a timestamp in the configured dateTimeFormat" : "an ISO-8601 timestamp (…Z)";
            default:
                return type.displayName();
        }
    }

    private String escaped(String text) {
        return formulaEscape ? escapeFormula(text) : text;
    }

    private String unescaped(String text) {
        return formulaEscape ? unescapeFormula(text) : text;
    }

    /** Java's number parsers take any Unicode digit ({@code ١٢٣} is 123): a CSV number is ASCII. */
    private static String ascii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0x7f) {
                throw new NumberFormatException();
            }
        }
        return text;
    }

    /** Java's float syntax also takes hex and a trailing {@code d} or {@code f}: CSV numbers do not. */
    private static String number(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 'x' || c == 'X' || c == 'd' || c == 'D' || c == 'f' || c == 'F' || c == 'p' || c == 'P') {
                if (!text.equals("Infinity") && !text.equals("-Infinity") && !text.equals("+Infinity")) {
                    throw new NumberFormatException();
                }
            }
        }
        return text;
    }

    /** Exact: refuses more fraction digits than the scale and exponents that would need millions of digits. */
    private static BigDecimal decimal(String text, DecimalType type) {
        if (text.length() > 200) {
            throw new NumberFormatException();
        }
        BigDecimal d = new BigDecimal(text);
        if (d.scale() < -type.precision() || d.scale() > 1000) {
            throw new NumberFormatException();
        }
        BigDecimal scaled;
        try {
            scaled = d.setScale(type.scale());
        } catch (ArithmeticException e) {
            throw new NumberFormatException();
        }
        if (scaled.precision() > type.precision()) {
            throw new NumberFormatException();
        }
        return scaled;
    }

    static boolean formulaStart(char c) {
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
    }

    /** A text a spreadsheet would run as a formula, after any apostrophes: one more apostrophe in front. */
    static String escapeFormula(String s) {
        int i = 0;
        while (i < s.length() && s.charAt(i) == '\'') {
            i++;
        }
        return i < s.length() && formulaStart(s.charAt(i)) ? "'" + s : s;
    }

    /** The inverse of {@link #escapeFormula}: one apostrophe less where the writer added one. */
    static String unescapeFormula(String s) {
        if (s.isEmpty() || s.charAt(0) != '\'') {
            return s;
        }
        int i = 0;
        while (i < s.length() && s.charAt(i) == '\'') {
            i++;
        }
        return i < s.length() && formulaStart(s.charAt(i)) ? s.substring(1) : s;
    }

    private Object readJson(JsonParser p, DataType type) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        switch (type.kind()) {
            case STRING:
                return expect(p, JsonToken.VALUE_STRING, type).getText();
            case BOOLEAN:
                if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
                    throw wrong(type);
                }
                return t == JsonToken.VALUE_TRUE;
            case INT:
                expect(p, JsonToken.VALUE_NUMBER_INT, type);
                return Integer.valueOf(p.getText());
            case LONG:
                expect(p, JsonToken.VALUE_NUMBER_INT, type);
                return Long.valueOf(p.getText());
            case FLOAT:
                return t == JsonToken.VALUE_STRING ? Float.valueOf(number(p.getText())) : Float.valueOf(numberText(p, type));
            case DOUBLE:
                return t == JsonToken.VALUE_STRING ? Double.valueOf(number(p.getText())) : Double.valueOf(numberText(p, type));
            case DECIMAL:
                return decimal(numberText(p, type), (DecimalType) type);
            case DATE:
                return LocalDate.parse(expect(p, JsonToken.VALUE_STRING, type).getText());
            case TIMESTAMP:
                return Instant.parse(expect(p, JsonToken.VALUE_STRING, type).getText());
            case BINARY:
                return Base64.getDecoder().decode(expect(p, JsonToken.VALUE_STRING, type).getText());
            case STRUCT: {
                expect(p, JsonToken.START_OBJECT, type);
                StructType struct = (StructType) type;
                Object[] values = new Object[struct.fields().size()];
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    int i = indexOf(struct, p.currentName());
                    p.nextToken();
                    if (i < 0) {
                        throw new IllegalArgumentException("expected " + type.displayName() + ", found an unknown field");
                    }
                    values[i] = readJson(p, struct.fields().get(i).type());
                }
                return Row.wrap(values);
            }
            case ARRAY: {
                expect(p, JsonToken.START_ARRAY, type);
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(readJson(p, ((ArrayType) type).elementType()));
                }
                return list;
            }
            case MAP: {
                expect(p, JsonToken.START_OBJECT, type);
                Map<String, Object> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    p.nextToken();
                    map.put(key, readJson(p, ((MapType) type).valueType()));
                }
                return map;
            }
            default:
                throw new IllegalStateException("unhandled kind " + type.kind());
        }
    }

    private static int indexOf(StructType struct, String name) {
        List<Field> fields = struct.fields();
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static String numberText(JsonParser p, DataType type) throws IOException {
        JsonToken t = p.currentToken();
        if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
            throw wrong(type);
        }
        return p.getText();
    }

    private static JsonParser expect(JsonParser p, JsonToken token, DataType type) {
        if (p.currentToken() != token) {
            throw wrong(type);
        }
        return p;
    }

    private static IllegalArgumentException wrong(DataType type) {
        return new IllegalArgumentException("expected " + type.displayName() + " in the JSON text");
    }
}
