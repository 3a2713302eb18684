package org.datasetexport.format.parquet.internal;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;
import org.datasetexport.data.ArrayType;
import org.datasetexport.data.DataType;
import org.datasetexport.data.DecimalType;
import org.datasetexport.data.Field;
import org.datasetexport.data.MapType;
import org.datasetexport.data.Schema;
import org.datasetexport.data.StructType;

/**
 * Maps our schema onto a Parquet {@link MessageType}, with the logical types engines expect:
 * strings as {@code BINARY (STRING)}, dates as {@code INT32 (DATE)}, timestamps as
 * {@code INT64 TIMESTAMP(MICROS, true)} (never INT96), decimals by precision, the standard
 * three-level LIST and the standard MAP.
 */
public final class ParquetSchemas {
    /** Group and field names of the standard LIST and MAP, as the Parquet spec recommends. */
    public static final String LIST_GROUP = "list";
    public static final String LIST_ELEMENT = "element";
    public static final String MAP_GROUP = "key_value";
    public static final String MAP_KEY = "key";
    public static final String MAP_VALUE = "value";

    private ParquetSchemas() {
    }

    /**
     * @param schema our schema
     * @return the Parquet message type, named {@code schema}
     */
    public static MessageType messageType(Schema schema) {
        return new MessageType("schema", fields(schema.fields()));
    }

    private static List<Type> fields(List<Field> fields) {
        List<Type> types = new ArrayList<>();
        for (Field f : fields) {
            types.add(type(f.name(), f.type(), f.nullable() ? Repetition.OPTIONAL : Repetition.REQUIRED));
        }
        return types;
    }

    private static Type type(String name, DataType type, Repetition repetition) {
        switch (type.kind()) {
            case STRING:
                return Types.primitive(PrimitiveTypeName.BINARY, repetition)
                        .as(LogicalTypeAnnotation.stringType()).named(name);
            case BOOLEAN:
                return Types.primitive(PrimitiveTypeName.BOOLEAN, repetition).named(name);
            case INT:
                return Types.primitive(PrimitiveTypeName.INT32, repetition).named(name);
            case LONG:
                return Types.primitive(PrimitiveTypeName.INT64, repetition).named(name);
            case FLOAT:
                return Types.primitive(PrimitiveTypeName.FLOAT, repetition).named(name);
            case DOUBLE:
                return Types.primitive(PrimitiveTypeName.DOUBLE, repetition).named(name);
            case DATE:
                return Types.primitive(PrimitiveTypeName.INT32, repetition)
                        .as(LogicalTypeAnnotation.dateType()).named(name);
            case TIMESTAMP:
                return Types.primitive(PrimitiveTypeName.INT64, repetition)
                        .as(LogicalTypeAnnotation.timestampType(true, TimeUnit.MICROS)).named(name);
            case BINARY:
                return Types.primitive(PrimitiveTypeName.BINARY, repetition).named(name);
            case DECIMAL:
                return decimal(name, (DecimalType) type, repetition);
            case STRUCT:
                return Types.buildGroup(repetition).addFields(fields(((StructType) type).fields()).toArray(new Type[0]))
                        .named(name);
            case ARRAY:
                return Types.buildGroup(repetition).as(LogicalTypeAnnotation.listType())
                        .addField(Types.repeatedGroup()
                                .addField(type(LIST_ELEMENT, ((ArrayType) type).elementType(), Repetition.OPTIONAL))
                                .named(LIST_GROUP))
                        .named(name);
            case MAP:
                return Types.buildGroup(repetition).as(LogicalTypeAnnotation.mapType())
                        .addField(Types.repeatedGroup()
                                .addField(type(MAP_KEY, DataType.STRING, Repetition.REQUIRED))
                                .addField(type(MAP_VALUE, ((MapType) type).valueType(), Repetition.OPTIONAL))
                                .named(MAP_GROUP))
                        .named(name);
            default:
                throw new IllegalStateException("unhandled kind " + type.kind());
        }
    }

    private static Type decimal(String name, DecimalType d, Repetition repetition) {
        LogicalTypeAnnotation annotation = LogicalTypeAnnotation.decimalType(d.scale(), d.precision());
        if (d.precision() <= 9) {
            return Types.primitive(PrimitiveTypeName.INT32, repetition).as(annotation).named(name);
        }
        if (d.precision() <= 18) {
            return Types.primitive(PrimitiveTypeName.INT64, repetition).as(annotation).named(name);
        }
        return Types.primitive(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY, repetition)
                .length(decimalBytes(d.precision())).as(annotation).named(name);
    }

    /**
     * @param precision decimal digits
     * @return the fewest bytes whose two's complement holds any unscaled value of that precision
     */
    public static int decimalBytes(int precision) {
        int bytes = 1;
        while (Math.pow(2, 8 * bytes - 1) < Math.pow(10, precision)) {
            bytes++;
        }
        return bytes;
    }

    /**
     * @param instant a timestamp
     * @return microseconds since the epoch; floor semantics keep pre-1970 instants exact
     */
    public static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    /**
     * @param value an unscaled decimal value
     * @param length the byte length of the column
     * @return big-endian two's complement, sign-extended to exactly {@code length} bytes
     */
    public static byte[] twosComplement(BigInteger value, int length) {
        byte[] minimal = value.toByteArray();
        byte[] out = new byte[length];
        byte pad = value.signum() < 0 ? (byte) 0xFF : 0;
        int offset = length - minimal.length;
        for (int i = 0; i < offset; i++) {
            out[i] = pad;
        }
        System.arraycopy(minimal, 0, out, offset, minimal.length);
        return out;
    }
}
