package org.datasetexport.format.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.datasetexport.ExportException;
import org.datasetexport.data.AbstractRowReader;
import org.datasetexport.data.ArrayType;
import org.datasetexport.data.DataType;
import org.datasetexport.data.DecimalType;
import org.datasetexport.data.Field;
import org.datasetexport.data.MapType;
import org.datasetexport.data.Row;
import org.datasetexport.data.Schema;
import org.datasetexport.data.StructType;

/**
 * Streams the rows of one JSON Lines file, converting each value to the schema's type straight
 * from the parser's tokens (decimals from their exact digits, {@code -0.0} kept).
 */
final class JsonLinesReader extends AbstractRowReader {
    private static final JsonFactory JSON = new JsonFactory();

    private final InputStream in;
    private final JsonParser parser;
    private final String file;
    private final Schema schema;
    private final Map<List<Field>, Map<String, Integer>> indexes = new IdentityHashMap<>();
    private int line;

    JsonLinesReader(InputStream in, String file, Schema schema) throws IOException {
        this.in = in;
        this.file = file;
        this.schema = schema;
        this.parser = JSON.createParser(in);
    }

    @Override
    protected Row fetch() {
        try {
            JsonToken token = parser.nextToken();
            if (token == null) {
                return null;
            }
            line = parser.currentTokenLocation().getLineNr();
            if (token != JsonToken.START_OBJECT) {
                return fail("", "an object");
            }
            return struct(schema.fields(), "");
        } catch (JsonProcessingException e) {
            throw new ExportException("JSON file " + file + ", line " + (e.getLocation() == null ? line : e.getLocation().getLineNr())
                    + ": not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ExportException("JSON file " + file + ": reading failed after row " + rowNumber() + ": " + e.getMessage(), e);
        }
    }

    /** Reads an object whose START_OBJECT is the current token; keys the schema does not name are skipped. */
    private Row struct(List<Field> fields, String path) throws IOException {
        Map<String, Integer> index = indexes.computeIfAbsent(fields, f -> {
            Map<String, Integer> m = new HashMap<>();
            for (int i = 0; i < f.size(); i++) {
                m.put(f.get(i).name(), i);
            }
            return m;
        });
        Object[] values = new Object[fields.size()];
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            Integer i = index.get(name);
            if (i == null) {
                parser.skipChildren();
            } else {
                values[i] = value(fields.get(i).type(), path + name);
            }
        }
        return Row.of(values);
    }

    /** Reads the value whose first token is the current token. */
    private Object value(DataType type, String path) throws IOException {
        JsonToken t = parser.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        switch (type.kind()) {
            case STRING:
                return t == JsonToken.VALUE_STRING ? parser.getText() : fail(path, "a string");
            case BOOLEAN:
                return t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE ? t == JsonToken.VALUE_TRUE : fail(path, "true or false");
            case INT:
                return t == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() == JsonParser.NumberType.INT
                        ? parser.getIntValue() : fail(path, "an int");
            case LONG:
                return t == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER
                        ? parser.getLongValue() : fail(path, "a long");
            case FLOAT:
                return t.isNumeric() ? parser.getFloatValue() : (float) special(path);
            case DOUBLE:
                return t.isNumeric() ? parser.getDoubleValue() : special(path);
            case DECIMAL: {
                DecimalType d = (DecimalType) type;
                if (!t.isNumeric()) {
                    return fail(path, type.toString());
                }
                BigDecimal v;
                try {
                    v = parser.getDecimalValue().setScale(d.scale());
                } catch (ArithmeticException e) {
                    return fail(path, type + " (at most " + d.scale() + " fraction digits)");
                }
                return v.precision() <= d.precision() ? v : fail(path, type + " (at most " + d.precision() + " digits)");
            }
            case DATE:
                try {
                    return t == JsonToken.VALUE_STRING ? LocalDate.parse(parser.getText()) : fail(path, "a date \"yyyy-MM-dd\"");
                } catch (DateTimeParseException e) {
                    return fail(path, "a date \"yyyy-MM-dd\"");
                }
            case TIMESTAMP:
                try {
                    return t == JsonToken.VALUE_STRING ? Instant.parse(parser.getText()) : fail(path, "an ISO-8601 UTC timestamp");
                } catch (DateTimeParseException e) {
                    return fail(path, "an ISO-8601 UTC timestamp");
                }
            case BINARY:
                try {
                    return t == JsonToken.VALUE_STRING ? Base64.getDecoder().decode(parser.getText()) : fail(path, "base64 text");
                } catch (IllegalArgumentException e) {
                    return fail(path, "base64 text");
                }
            case STRUCT:
                return t == JsonToken.START_OBJECT ? struct(((StructType) type).fields(), path + ".") : fail(path, "an object");
            case ARRAY: {
                if (t != JsonToken.START_ARRAY) {
                    return fail(path, "an array");
                }
                DataType element = ((ArrayType) type).elementType();
                List<Object> out = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    out.add(value(element, path + "[" + out.size() + "]"));
                }
                return out;
            }
            case MAP: {
                if (t != JsonToken.START_OBJECT) {
                    return fail(path, "an object");
                }
                DataType valueType = ((MapType) type).valueType();
                Map<String, Object> out = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    parser.nextToken();
                    out.put(key, value(valueType, path + "['" + key + "']"));
                }
                return out;
            }
            default:
                throw new IllegalStateException("unhandled kind " + type.kind());
        }
    }

    /** NaN and the infinities, which the writer puts as strings. */
    private double special(String path) throws IOException {
        if (parser.currentToken() == JsonToken.VALUE_STRING) {
            switch (parser.getText()) {
                case "NaN":
                    return Double.NaN;
                case "Infinity":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    break;
            }
        }
        return fail(path, "a number");
    }

    private <T> T fail(String path, String expected) throws IOException {
        throw new ExportException("JSON file " + file + ", line " + line + (path.isEmpty() ? "" : ", field \"" + path + "\"")
                + ": expected " + expected + " but got " + describe(parser.currentToken()));
    }

    private String describe(JsonToken t) throws IOException {
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> {
                String s = parser.getText();
                yield "string \"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\"";
            }
            default -> t.isNumeric() ? "number " + parser.getText() : t.isBoolean() ? parser.getText() : t.name().toLowerCase(Locale.ROOT);
        };
    }

    @Override
    public void close() {
        try (InputStream i = in; JsonParser p = parser) {
            // both closed
        } catch (IOException e) {
            throw new ExportException("JSON file " + file + ": closing failed: " + e.getMessage(), e);
        }
    }
}
