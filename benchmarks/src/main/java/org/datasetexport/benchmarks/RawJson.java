package org.datasetexport.benchmarks;

import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
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

/** The raw-library baseline: the same JSON Lines the SDK writes, by Jackson alone into one buffered file. */
final class RawJson {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private RawJson() {
    }

    static void write(List<Row> rows, Schema schema, Path file) throws IOException {
        write(rows, schema, new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024));
    }

    /** Writes the rows to the stream and closes it. */
    static void write(List<Row> rows, Schema schema, OutputStream out) throws IOException {
        StructType type = schema.asStruct();
        try (out; JsonGenerator g = FACTORY.createGenerator(out)) {
            for (Row row : rows) {
                struct(g, row, type);
                g.writeRaw('\n');
            }
        }
    }

    private static void struct(JsonGenerator g, Row row, StructType type) throws IOException {
        List<Field> fields = type.fields();
        g.writeStartObject();
        for (int i = 0; i < fields.size(); i++) {
            g.writeFieldName(fields.get(i).name());
            value(g, row.get(i), fields.get(i).type());
        }
        g.writeEndObject();
    }

    private static void value(JsonGenerator g, Object v, DataType type) throws IOException {
        if (v == null) {
            g.writeNull();
            return;
        }
        switch (type.kind()) {
            case STRING -> g.writeString((String) v);
            case BOOLEAN -> g.writeBoolean((Boolean) v);
            case INT -> g.writeNumber((Integer) v);
            case LONG -> g.writeNumber((Long) v);
            case FLOAT -> g.writeNumber((Float) v);
            case DOUBLE -> g.writeNumber((Double) v);
            case DECIMAL -> g.writeNumber(((BigDecimal) v).setScale(((DecimalType) type).scale()));
            case DATE -> g.writeString(((LocalDate) v).toString());
            case TIMESTAMP -> g.writeString(TIMESTAMP.format((Instant) v));
            case BINARY -> g.writeBinary(Base64Variants.MIME_NO_LINEFEEDS, (byte[]) v, 0, ((byte[]) v).length);
            case STRUCT -> struct(g, (Row) v, (StructType) type);
            case ARRAY -> {
                g.writeStartArray();
                for (Object e : (List<?>) v) {
                    value(g, e, ((ArrayType) type).elementType());
                }
                g.writeEndArray();
            }
            case MAP -> {
                g.writeStartObject();
                for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                    g.writeFieldName((String) e.getKey());
                    value(g, e.getValue(), ((MapType) type).valueType());
                }
                g.writeEndObject();
            }
            default -> throw new IllegalStateException("unhandled kind " + type.kind());
        }
    }
}
