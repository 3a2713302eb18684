package org.datasetexport.format.json;

import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.datasetexport.data.ArrayType;
import org.datasetexport.data.DataType;
import org.datasetexport.data.DecimalType;
import org.datasetexport.data.Field;
import org.datasetexport.data.MapType;
import org.datasetexport.data.Row;
import org.datasetexport.data.Schema;
import org.datasetexport.data.StructType;
import org.datasetexport.internal.text.IsoTimes;
import org.datasetexport.spi.RecordWriter;

/** Writes one JSON Lines file; see {@link JsonLinesFormat} for the mapping. */
final class JsonLinesWriter implements RecordWriter {
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private final StructType schema;
    private final JsonGenerator generator;
    /** Digits of the current date or timestamp (IsoTimes: no formatter, no allocation). */
    private final char[] text = new char[IsoTimes.TIMESTAMP_LENGTH];
    /** Each struct type's field names, encoded and escaped once (Jackson's SerializedString). */
    private final Map<StructType, SerializedString[]> names = new IdentityHashMap<>();
    private final OutputStream target;
    private boolean closed;

    JsonLinesWriter(Schema schema, JsonGenerator generator, OutputStream target) {
        this.schema = schema.asStruct();
        this.generator = generator;
        this.target = target;
    }

    @Override
    public void write(Row row) throws IOException {
        writeStruct(row, schema);
        generator.writeRaw('\n');
    }

    private void writeStruct(Row row, StructType type) throws IOException {
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

    private void writeValue(Object value, DataType type) throws IOException {
        if (value == null) {
            generator.writeNull();
            return;
        }
        switch (type.kind()) {
            case STRING -> generator.writeString((String) value);
            case BOOLEAN -> generator.writeBoolean((Boolean) value);
            case INT -> generator.writeNumber((Integer) value);
            case LONG -> generator.writeNumber((Long) value);
            case FLOAT -> generator.writeNumber((Float) value);
            case DOUBLE -> generator.writeNumber((Double) value);
            case DECIMAL -> generator.writeNumber(((BigDecimal) value).setScale(((DecimalType) type).scale()));
            case DATE -> {
                int n = IsoTimes.date((LocalDate) value, text);
                if (n < 0) {
                    generator.writeString(value.toString());
                } else {
                    generator.writeString(text, 0, n);
                }
            }
            case TIMESTAMP -> {
                int n = IsoTimes.timestampMicros((Instant) value, text);
                if (n < 0) {
                    generator.writeString(TIMESTAMP.format((Instant) value));
                } else {
                    generator.writeString(text, 0, n);
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

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            generator.close(); // flushes; AUTO_CLOSE_TARGET is off so the trailer comes from target.close()
        } finally {
            target.close();
        }
    }
}
