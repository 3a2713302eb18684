package org.datasetexport.spi.support;

import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.datasetexport.data.ArrayType;
import org.datasetexport.data.DataType;
import org.datasetexport.data.DecimalType;
import org.datasetexport.data.Field;
import org.datasetexport.data.MapType;
import org.datasetexport.data.Row;
import org.datasetexport.data.StructType;

/**
 * Values as JSON, in the JSON Lines format's mapping — shared by that format (a row per line) and
 * the CSV format (nested values in a cell), so both write the same text. Structs and maps as
 * objects, arrays as arrays; decimals as plain numbers with the type's scale; NaN and infinities as
 * the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}; dates and timestamps as ISO
 * text ({@link IsoTimes}, no allocation for years 0000–9999); binary as base64 with padding; null
 * as {@code null}. Independent of the generator's number features. Not thread-safe: one per
 * generator (it keeps a digit buffer and each struct type's encoded field names).
 */
public final class JsonValueWriter {
    private final JsonGenerator generator;
    private final char[] digits = new char[IsoTimes.TIMESTAMP_LENGTH];
    private final Map<StructType, SerializedString[]> names = new IdentityHashMap<>();

    /** @param generator where the values go */
    public JsonValueWriter(JsonGenerator generator) {
        this.generator = generator;
    }

    /**
     * @param row a row of {@code type}
     * @param type its struct type
     * @throws IOException when the generator fails
     */
    public void writeStruct(Row row, StructType type) throws IOException {
        List<Field> fields = type.fields();
        SerializedString[] encoded = names.computeIfAbsent(type, t -> t.fields().stream().map(f -> new SerializedString(f.name()))
                .toArray(SerializedString[]::new));
        generator.writeStartObject();
        for (int i = 0; i < fields.size(); i++) {
            generator.writeFieldName(encoded[i]);
            writeValue(row.get(i), fields.get(i).type());
        }
        generator.writeEndObject();
    }

    /**
     * @param value a value of {@code type} (validated), or null
     * @param type its type
     * @throws IOException when the generator fails
     */
    public void writeValue(Object value, DataType type) throws IOException {
        if (value == null) {
            generator.writeNull();
            return;
        }
        switch (type.kind()) {
            case STRING -> generator.writeString((String) value);
            case BOOLEAN -> generator.writeBoolean((Boolean) value);
            case INT -> generator.writeNumber((Integer) value);
            case LONG -> generator.writeNumber((Long) value);
            case FLOAT -> {
                float f = (Float) value;
                if (Float.isFinite(f)) {
                    generator.writeNumber(f);
                } else {
                    generator.writeString(Float.toString(f));
                }
            }
            case DOUBLE -> {
                double d = (Double) value;
                if (Double.isFinite(d)) {
                    generator.writeNumber(d);
                } else {
                    generator.writeString(Double.toString(d));
                }
            }
            case DECIMAL -> generator.writeNumber(((BigDecimal) value).setScale(((DecimalType) type).scale()).toPlainString());
            case DATE -> {
                int n = IsoTimes.date((LocalDate) value, digits);
                if (n < 0) {
                    generator.writeString(value.toString());
                } else {
                    generator.writeString(digits, 0, n);
                }
            }
            case TIMESTAMP -> {
                int n = IsoTimes.timestampMicros((Instant) value, digits);
                if (n < 0) {
                    generator.writeString(IsoTimes.TIMESTAMP_MICROS.format((Instant) value));
                } else {
                    generator.writeString(digits, 0, n);
                }
            }
            case BINARY -> generator.writeBinary(Base64Variants.MIME_NO_LINEFEEDS, (byte[]) value, 0, ((byte[]) value).length);
            case STRUCT -> writeStruct((Row) value, (StructType) type);
            case ARRAY -> {
                DataType element = ((ArrayType) type).elementType();
                generator.writeStartArray();
                for (Object e : (List<?>) value) {
                    writeValue(e, element);
                }
                generator.writeEndArray();
            }
            case MAP -> {
                DataType valueType = ((MapType) type).valueType();
                generator.writeStartObject();
                for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                    generator.writeFieldName((String) e.getKey());
                    writeValue(e.getValue(), valueType);
                }
                generator.writeEndObject();
            }
            default -> throw new IllegalStateException("unhandled kind " + type.kind());
        }
    }
}
