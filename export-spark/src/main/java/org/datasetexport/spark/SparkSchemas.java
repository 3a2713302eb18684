package org.datasetexport.spark;

import java.io.Serializable;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.CharType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampType;
import org.apache.spark.sql.types.VarcharType;
import org.datasetexport.ConfigurationException;
import org.datasetexport.data.DataType;
import org.datasetexport.data.Field;
import org.datasetexport.data.Row;
import org.datasetexport.data.Schema;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Spark SQL types to the SDK's schema, and Spark rows to the SDK's rows.
 *
 * <p>Mapped: boolean; byte, short, int → INT; long; float; double; string, char, varchar →
 * STRING; binary; decimal(p, s) (p ≤ 38); date; timestamp (an instant, UTC) → TIMESTAMP; struct;
 * array; map with string keys. Refused, naming the column's path and its Spark type, with how to
 * cast it: timestamp_ntz (no time zone: say which), intervals, variant, null, maps with other key
 * types, user-defined types.
 */
public final class SparkSchemas {
    private SparkSchemas() {
    }

    /**
     * @param sparkSchema a DataFrame's schema
     * @return the SDK's schema: same names, order, nullability and nesting
     * @throws ConfigurationException naming the first column (by path) whose type the SDK cannot hold
     */
    public static Schema toSchema(StructType sparkSchema) {
        return Schema.of(fields("", sparkSchema));
    }

    /** The fields of a struct, each column's path ({@code address.city}) naming it in refusals. */
    private static List<Field> fields(String prefix, StructType struct) {
        List<Field> fields = new ArrayList<>();
        for (StructField f : struct.fields()) {
            fields.add(new Field(f.name(), type(prefix.isEmpty() ? f.name() : prefix + "." + f.name(), f.dataType()), f.nullable()));
        }
        return fields;
    }

    private static DataType type(String path, org.apache.spark.sql.types.DataType t) {
        if (t instanceof BooleanType) {
            return DataType.BOOLEAN;
        }
        if (t instanceof ByteType || t instanceof ShortType || t instanceof IntegerType) {
            return DataType.INT;
        }
        if (t instanceof LongType) {
            return DataType.LONG;
        }
        if (t instanceof FloatType) {
            return DataType.FLOAT;
        }
        if (t instanceof DoubleType) {
            return DataType.DOUBLE;
        }
        if (t instanceof StringType || t instanceof CharType || t instanceof VarcharType) {
            return DataType.STRING;
        }
        if (t instanceof BinaryType) {
            return DataType.BINARY;
        }
        if (t instanceof DecimalType d) {
            return DataType.decimal(d.precision(), d.scale());
        }
        if (t instanceof DateType) {
            return DataType.DATE;
        }
        if (t instanceof TimestampType) {
            return DataType.TIMESTAMP;
        }
        if (t instanceof StructType s) {
            return DataType.struct(fields(path, s).toArray(Field[]::new));
        }
        if (t instanceof ArrayType a) {
            return DataType.array(type(path + "[]", a.elementType()));
        }
        if (t instanceof MapType m) {
            if (!(m.keyType() instanceof StringType)) {
                throw new ConfigurationException("column \"" + path + "\" is a map with " + m.keyType().simpleString()
                        + " keys; the SDK's maps have string keys: transform_keys(" + path + ", (k, v) -> cast(k as string))");
            }
            return DataType.map(type(path + "{}", m.valueType()));
        }
        String name = t.simpleString();
        String hint = name.startsWith("timestamp_ntz")
                ? "it has no time zone: convert it to a timestamp, e.g. to_utc_timestamp(" + path + ", 'UTC')"
                : "cast it, e.g. cast(" + path + " as string)";
        throw new ConfigurationException("column \"" + path + "\" has the Spark type " + name
                + ", which the SDK cannot export; " + hint);
    }

    /**
     * Converts Spark rows of one schema to the SDK's rows, with one converter per field worked out once.
     */
    public static final class RowConverter implements Serializable {
        private static final long serialVersionUID = 1L;
        private final Conv[] fields;

        /** @param schema the SDK schema of the rows ({@link #toSchema}) */
        public RowConverter(Schema schema) {
            this.fields = schema.fields().stream().map(f -> conv(f.type())).toArray(Conv[]::new);
        }

        /**
         * @param row a Spark row of the schema
         * @return the SDK's row
         */
        public Row convert(org.apache.spark.sql.Row row) {
            Object[] values = new Object[fields.length];
            for (int i = 0; i < values.length; i++) {
                Object v = row.get(i);
                values[i] = v == null ? null : fields[i].apply(v);
            }
            return Row.wrap(values);
        }
    }

    @FunctionalInterface
    private interface Conv extends Serializable {
        Object apply(Object sparkValue);
    }

    private static Conv conv(DataType type) {
        switch (type.kind()) {
            case INT:
                return v -> v instanceof Integer ? v : Integer.valueOf(((Number) v).intValue());
            case DATE:
                return v -> v instanceof LocalDate ? v : ((Date) v).toLocalDate();
            case TIMESTAMP:
                return v -> v instanceof Instant ? v : ((Timestamp) v).toInstant();
            case DECIMAL:
                return v -> v instanceof BigDecimal ? v : ((org.apache.spark.sql.types.Decimal) v).toJavaBigDecimal();
            case STRUCT: {
                Conv[] inner = ((org.datasetexport.data.StructType) type).fields().stream().map(f -> conv(f.type()))
                        .toArray(Conv[]::new);
                return v -> {
                    org.apache.spark.sql.Row r = (org.apache.spark.sql.Row) v;
                    Object[] values = new Object[inner.length];
                    for (int i = 0; i < inner.length; i++) {
                        Object x = r.get(i);
                        values[i] = x == null ? null : inner[i].apply(x);
                    }
                    return Row.wrap(values);
                };
            }
            case ARRAY: {
                Conv element = conv(((org.datasetexport.data.ArrayType) type).elementType());
                return v -> {
                    Collection<?> items = v instanceof scala.collection.Iterable<?> seq ? CollectionConverters.asJavaCollection(seq)
                            : v instanceof Collection<?> c ? c : List.of((Object[]) v);
                    List<Object> out = new ArrayList<>(items.size());
                    for (Object x : items) {
                        out.add(x == null ? null : element.apply(x));
                    }
                    return out;
                };
            }
            case MAP: {
                Conv value = conv(((org.datasetexport.data.MapType) type).valueType());
                return v -> {
                    Map<?, ?> entries = v instanceof scala.collection.Map<?, ?> m ? CollectionConverters.asJava(m) : (Map<?, ?>) v;
                    Map<String, Object> out = new LinkedHashMap<>(Math.max(4, entries.size() * 2));
                    entries.forEach((k, x) -> out.put((String) k, x == null ? null : value.apply(x)));
                    return out;
                };
            }
            default:
                return v -> v; // BOOLEAN, LONG, FLOAT, DOUBLE, STRING, BINARY: Spark's Java values are the SDK's
        }
    }
}
