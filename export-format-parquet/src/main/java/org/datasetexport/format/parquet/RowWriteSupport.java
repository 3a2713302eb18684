package org.datasetexport.format.parquet;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.datasetexport.data.ArrayType;
import org.datasetexport.data.DataType;
import org.datasetexport.data.DecimalType;
import org.datasetexport.data.Field;
import org.datasetexport.data.MapType;
import org.datasetexport.data.Row;
import org.datasetexport.data.Schema;
import org.datasetexport.data.StructType;
import org.datasetexport.format.parquet.internal.ParquetSchemas;

/**
 * A parquet-mr {@link WriteSupport} for the SDK's {@link Row}s: writes them straight to Parquet's
 * {@link RecordConsumer}, with no Avro or Group detour, using the type mapping documented on
 * {@link ParquetFormat}. {@link ParquetFormat} uses it; it is public so code that drives
 * parquet-mr itself (a benchmark baseline, say) writes identical files.
 *
 * <p>Rows must already match the schema (the export engine validates every row before it gets
 * here). One instance per writer; not thread-safe.
 */
public final class RowWriteSupport extends WriteSupport<Row> {
    /** The key-value metadata key holding the dataset schema in the SDK's JSON form. */
    public static final String SCHEMA_METADATA_KEY = "org.datasetexport.schema";
    /** The object model name parquet-mr records in the footer ({@code writer.model.name}). */
    public static final String MODEL_NAME = "datasetexport";

    private final Schema schema;
    private RecordConsumer consumer;

    /**
     * @param schema the dataset schema
     */
    public RowWriteSupport(Schema schema) {
        this.schema = schema;
    }

    @Override
    @SuppressWarnings("deprecation") // still abstract in parquet-mr 1.18; the ParquetConfiguration overload is the one used
    public WriteContext init(Configuration configuration) {
        return context();
    }

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
        return context();
    }

    private WriteContext context() {
        return new WriteContext(ParquetSchemas.messageType(schema), Map.of(SCHEMA_METADATA_KEY, schema.toJson()));
    }

    @Override
    public String getName() {
        return MODEL_NAME;
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.consumer = recordConsumer;
    }

    @Override
    public void write(Row row) {
        consumer.startMessage();
        writeFields(row, schema.fields());
        consumer.endMessage();
    }

    private void writeFields(Row row, List<Field> fields) {
        for (int i = 0; i < fields.size(); i++) {
            Object value = row.get(i);
            if (value != null) {
                Field f = fields.get(i);
                consumer.startField(f.name(), i);
                writeValue(value, f.type());
                consumer.endField(f.name(), i);
            }
        }
    }

    private void writeValue(Object value, DataType type) {
        switch (type.kind()) {
            case STRING -> consumer.addBinary(Binary.fromString((String) value));
            case BOOLEAN -> consumer.addBoolean((Boolean) value);
            case INT -> consumer.addInteger((Integer) value);
            case LONG -> consumer.addLong((Long) value);
            case FLOAT -> consumer.addFloat((Float) value);
            case DOUBLE -> consumer.addDouble((Double) value);
            case DATE -> consumer.addInteger(Math.toIntExact(((LocalDate) value).toEpochDay()));
            case TIMESTAMP -> consumer.addLong(ParquetSchemas.micros((Instant) value));
            case BINARY -> consumer.addBinary(Binary.fromReusedByteArray((byte[]) value));
            case DECIMAL -> writeDecimal((BigDecimal) value, (DecimalType) type);
            case STRUCT -> {
                consumer.startGroup();
                writeFields((Row) value, ((StructType) type).fields());
                consumer.endGroup();
            }
            case ARRAY -> writeList((List<?>) value, ((ArrayType) type).elementType());
            case MAP -> writeMap((Map<?, ?>) value, ((MapType) type).valueType());
            default -> throw new IllegalStateException("unhandled kind " + type.kind());
        }
    }

    private void writeDecimal(BigDecimal value, DecimalType type) {
        BigInteger unscaled = value.setScale(type.scale()).unscaledValue();
        if (type.precision() <= 9) {
            consumer.addInteger(unscaled.intValueExact());
        } else if (type.precision() <= 18) {
            consumer.addLong(unscaled.longValueExact());
        } else {
            consumer.addBinary(Binary.fromConstantByteArray(ParquetSchemas.twosComplement(unscaled, ParquetSchemas.decimalBytes(type.precision()))));
        }
    }

    private void writeList(List<?> list, DataType elementType) {
        consumer.startGroup();
        if (!list.isEmpty()) {
            consumer.startField(ParquetSchemas.LIST_GROUP, 0);
            for (Object element : list) {
                consumer.startGroup();
                if (element != null) {
                    consumer.startField(ParquetSchemas.LIST_ELEMENT, 0);
                    writeValue(element, elementType);
                    consumer.endField(ParquetSchemas.LIST_ELEMENT, 0);
                }
                consumer.endGroup();
            }
            consumer.endField(ParquetSchemas.LIST_GROUP, 0);
        }
        consumer.endGroup();
    }

    private void writeMap(Map<?, ?> map, DataType valueType) {
        consumer.startGroup();
        if (!map.isEmpty()) {
            consumer.startField(ParquetSchemas.MAP_GROUP, 0);
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                consumer.startGroup();
                consumer.startField(ParquetSchemas.MAP_KEY, 0);
                consumer.addBinary(Binary.fromString((String) entry.getKey()));
                consumer.endField(ParquetSchemas.MAP_KEY, 0);
                if (entry.getValue() != null) {
                    consumer.startField(ParquetSchemas.MAP_VALUE, 1);
                    writeValue(entry.getValue(), valueType);
                    consumer.endField(ParquetSchemas.MAP_VALUE, 1);
                }
                consumer.endGroup();
            }
            consumer.endField(ParquetSchemas.MAP_GROUP, 0);
        }
        consumer.endGroup();
    }
}
