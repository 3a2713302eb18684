package org.datasetexport.format.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.datasetexport.ExportException;
import org.datasetexport.data.ArrayType;
import org.datasetexport.data.DataType;
import org.datasetexport.data.DecimalType;
import org.datasetexport.data.Field;
import org.datasetexport.data.MapType;
import org.datasetexport.data.Row;
import org.datasetexport.data.RowReader;
import org.datasetexport.data.Schema;
import org.datasetexport.data.StructType;

/** Streams the rows of one JSON Lines file, converting each value to the schema's type. */
final class JsonLinesReader implements RowReader {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

    private final InputStream in;
    private final String file;
    private final Schema schema;
    private final MappingIterator<JsonNode> lines;
    private long rowNumber = -1;
    private long line;

    JsonLinesReader(InputStream in, String file, Schema schema) throws IOException {
        this.in = in;
        this.file = file;
        this.schema = schema;
        this.lines = MAPPER.readerFor(JsonNode.class).readValues(in);
    }

    @Override
    public boolean hasNext() {
        try {
            return lines.hasNextValue();
        } catch (JsonProcessingException e) {
            throw new ExportException("JSON file " + file + ", line " + (e.getLocation() == null ? "?" : e.getLocation().getLineNr())
                    + ": not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("JSON file " + file + ": reading failed after row " + rowNumber, e);
        }
    }

    @Override
    public Row next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        JsonNode node;
        try {
            node = lines.nextValue();
        } catch (IOException e) {
            throw new ExportException("JSON file " + file + ", after row " + rowNumber + ": " + e.getMessage(), e);
        }
        rowNumber++;
        JsonParser parser = lines.getParser();
        line = parser.currentLocation().getLineNr();
        if (!node.isObject()) {
            throw error("", "an object", node);
        }
        return struct(node, schema.fields(), "");
    }

    private Row struct(JsonNode node, List<Field> fields, String path) {
        Object[] values = new Object[fields.size()];
        for (int i = 0; i < fields.size(); i++) {
            Field f = fields.get(i);
            values[i] = value(node.get(f.name()), f.type(), path + f.name());
        }
        return Row.of(values);
    }

    private Object value(JsonNode node, DataType type, String path) {
        if (node == null || node.isNull()) {
            return null;
        }
        switch (type.kind()) {
            case STRING:
                return node.isTextual() ? node.textValue() : fail(path, "a string", node);
            case BOOLEAN:
                return node.isBoolean() ? node.booleanValue() : fail(path, "true or false", node);
            case INT:
                return node.isIntegralNumber() && node.canConvertToInt() ? node.intValue() : fail(path, "an int", node);
            case LONG:
                return node.isIntegralNumber() && node.canConvertToLong() ? node.longValue() : fail(path, "a long", node);
            case FLOAT:
                return node.isNumber() ? node.floatValue() : special(node, path) == null ? null : special(node, path).floatValue();
            case DOUBLE:
                return node.isNumber() ? node.doubleValue() : special(node, path);
            case DECIMAL: {
                DecimalType d = (DecimalType) type;
                if (!node.isNumber()) {
                    return fail(path, type.toString(), node);
                }
                BigDecimal v = node.decimalValue();
                try {
                    v = v.setScale(d.scale());
                } catch (ArithmeticException e) {
                    return fail(path, type + " (more than " + d.scale() + " fraction digits)", node);
                }
                return v.precision() <= d.precision() ? v : fail(path, type + " (too many digits)", node);
            }
            case DATE:
                try {
                    return node.isTextual() ? LocalDate.parse(node.textValue()) : fail(path, "a date \"yyyy-MM-dd\"", node);
                } catch (DateTimeParseException e) {
                    return fail(path, "a date \"yyyy-MM-dd\"", node);
                }
            case TIMESTAMP:
                try {
                    return node.isTextual() ? Instant.parse(node.textValue()) : fail(path, "an ISO-8601 UTC timestamp", node);
                } catch (DateTimeParseException e) {
                    return fail(path, "an ISO-8601 UTC timestamp", node);
                }
            case BINARY:
                try {
                    return node.isTextual() ? Base64.getDecoder().decode(node.textValue()) : fail(path, "base64 text", node);
                } catch (IllegalArgumentException e) {
                    return fail(path, "base64 text", node);
                }
            case STRUCT:
                return node.isObject() ? struct(node, ((StructType) type).fields(), path + ".") : fail(path, "an object", node);
            case ARRAY: {
                if (!node.isArray()) {
                    return fail(path, "an array", node);
                }
                DataType element = ((ArrayType) type).elementType();
                List<Object> out = new ArrayList<>(node.size());
                for (int i = 0; i < node.size(); i++) {
                    out.add(value(node.get(i), element, path + "[" + i + "]"));
                }
                return out;
            }
            case MAP: {
                if (!node.isObject()) {
                    return fail(path, "an object", node);
                }
                DataType valueType = ((MapType) type).valueType();
                Map<String, Object> out = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    out.put(e.getKey(), value(e.getValue(), valueType, path + "['" + e.getKey() + "']"));
                }
                return out;
            }
            default:
                throw new IllegalStateException("unhandled kind " + type.kind());
        }
    }

    /** NaN and the infinities, which the writer puts as strings. */
    private Double special(JsonNode node, String path) {
        if (node.isTextual()) {
            switch (node.textValue()) {
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
        return fail(path, "a number", node);
    }

    private <T> T fail(String path, String expected, JsonNode actual) {
        throw error(path, expected, actual);
    }

    private ExportException error(String path, String expected, JsonNode actual) {
        String shown = actual.toString();
        return new ExportException("JSON file " + file + ", line " + line + (path.isEmpty() ? "" : ", field \"" + path + "\"")
                + ": expected " + expected + " but got " + actual.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
                + " " + (shown.length() > 40 ? shown.substring(0, 40) + "..." : shown));
    }

    @Override
    public long rowNumber() {
        return rowNumber;
    }

    @Override
    public void close() {
        try (InputStream i = in; MappingIterator<JsonNode> l = lines) {
            // both closed
        } catch (IOException e) {
            throw new UncheckedIOException("JSON file " + file + ": closing failed", e);
        }
    }
}
