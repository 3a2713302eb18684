package org.datasetexport.format.json;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
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
import org.datasetexport.spi.FieldPaths;

/**
 * Streams the rows of one JSON Lines file, converting each value to the schema's type straight
 * from the parser's tokens (decimals from their exact digits, {@code -0.0} kept).
 */
final class JsonLinesReader extends AbstractRowReader {
    private final InputStream in;
    private final JsonReadLimits limits;
    /** Values read into the current row; bounded so one hostile line cannot exhaust the heap. */
    private long rowValues;
    /** Characters of string values and map keys read into the current row; bounded likewise. */
    private long rowChars;
    private final JsonParser parser;
    private final String file;
    private final Schema schema;
    private final Map<List<Field>, Map<String, Integer>> indexes = new IdentityHashMap<>();
    private int line;

    JsonLinesReader(InputStream in, String file, Schema schema, JsonReadLimits limits) throws IOException {
        this.in = in;
        this.file = file;
        this.schema = schema;
        this.limits = limits;
        this.parser = limits.factory().createParser(in);
    }

    @Override
    protected Row fetch() {
        try {
            JsonToken token = parser.nextToken();
            if (token == null) {
                return null;
            }
            line = parser.currentTokenLocation().getLineNr();
            rowValues = 0;
            rowChars = 0;
            if (token != JsonToken.START_OBJECT) {
                return fail("", "an object");
            }
            return struct(schema.fields(), "");
        } catch (StreamConstraintsException e) {
            throw new ExportException("JSON file " + file + ", line " + line + ": " + e.getOriginalMessage()
                    + " (raise the limit with JsonLinesFiles.reader(JsonReadLimits) if the data is legitimate)");
        } catch (JsonProcessingException e) {
            throw new ExportException("JSON file " + file + ", line " + (e.getLocation() == null ? line : e.getLocation().getLineNr())
                    + ": not valid JSON: " + e.getOriginalMessage());
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
        return Row.wrap(values); // a fresh array per row, handed over
    }

    /** Reads the value whose first token is the current token. */
    private Object value(DataType type, String path) throws IOException {
        if (++rowValues > limits.maxValuesPerRecord()) {
            throw new ExportException("JSON file " + file + ", line " + line + ": the record holds more than "
                    + limits.maxValuesPerRecord() + " values (raise JsonReadLimits.maxValuesPerRecord if the data is legitimate)");
        }
        JsonToken t = parser.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t == JsonToken.VALUE_STRING) {
            addChars(parser.getTextLength()); // the parser holds at most maxStringLength of it
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
            case FLOAT: {
                if (!t.isNumeric()) {
                    return (float) special(path);
                }
                // a number beyond the type's range (1e39, 1e400) would read as Infinity: the writer spells infinities "Infinity"
                float f = parser.getFloatValue();
                return Float.isInfinite(f) ? fail(path, "a float within its range (infinity is written \"Infinity\")") : f;
            }
            case DOUBLE: {
                if (!t.isNumeric()) {
                    return special(path);
                }
                double d = parser.getDoubleValue();
                return Double.isInfinite(d) ? fail(path, "a double within its range (infinity is written \"Infinity\")") : d;
            }
            case DECIMAL: {
                DecimalType d = (DecimalType) type;
                if (!t.isNumeric()) {
                    return fail(path, type.displayName());
                }
                BigDecimal raw;
                try {
                    raw = parser.getDecimalValue();
                } catch (ArithmeticException | NumberFormatException e) {
                    return fail(path, type.displayName() + " (an exponent within range)");
                }
                // checked before scaling: setScale on 1e10000000 would compute ten million digits
                if ((long) raw.precision() - raw.scale() > d.precision() - d.scale()) {
                    return fail(path, type.displayName() + " (at most " + (d.precision() - d.scale()) + " integer digits)");
                }
                // stripping zeros is linear in the digits, which the integer-digit check above has bounded
                if (raw.scale() > d.scale() && raw.stripTrailingZeros().scale() > d.scale()) {
                    return fail(path, type.displayName() + " (at most " + d.scale() + " fraction digits)");
                }
                return raw.setScale(d.scale());
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
                    out.add(value(element, FieldPaths.element(path, out.size())));
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
                    addChars(key.length());
                    parser.nextToken();
                    out.put(key, value(valueType, FieldPaths.entry(path, key)));
                }
                return out;
            }
            default:
                throw new IllegalStateException("unhandled kind " + type.kind());
        }
    }

    private void addChars(int n) {
        rowChars += n;
        if (rowChars > limits.maxRecordSize()) {
            throw new ExportException("JSON file " + file + ", line " + line + ": the record holds more than " + limits.maxRecordSize()
                    + " characters of text (raise JsonReadLimits.maxRecordSize if the data is legitimate)");
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
            // the value itself stays out of the message: it may be personal data, or forge a log line
            case VALUE_STRING -> "a string of " + parser.getTextLength() + " characters";
            default -> t.isNumeric() ? "a number" : t.isBoolean() ? parser.getText() : t.name().toLowerCase(Locale.ROOT);
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
