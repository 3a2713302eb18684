package org.datasetexport.data;

import java.util.List;
import org.datasetexport.ConfigurationException;

/**
 * The type of a {@link Field}. Primitives are constants ({@link #STRING}, {@link #LONG}, …);
 * decimals, structs, arrays and maps come from factories. Switch on {@link #kind()}.
 *
 * <p>Java values per type: STRING {@code String}, BOOLEAN {@code Boolean}, INT {@code Integer},
 * LONG {@code Long}, FLOAT {@code Float}, DOUBLE {@code Double}, DATE {@code LocalDate},
 * TIMESTAMP {@code Instant} (UTC; stored to the microsecond, finer digits are truncated), BINARY
 * {@code byte[]}, DECIMAL {@code BigDecimal}, STRUCT {@link Row}, ARRAY {@code List<?>}, MAP
 * {@code Map<String, ?>}. Array elements and map values may be null.
 */
public sealed interface DataType permits PrimitiveType, DecimalType, StructType, ArrayType, MapType {

    /** Text, UTF-8 in every format. */
    PrimitiveType STRING = PrimitiveType.STRING;
    /** true or false. */
    PrimitiveType BOOLEAN = PrimitiveType.BOOLEAN;
    /** 32-bit signed integer. */
    PrimitiveType INT = PrimitiveType.INT;
    /** 64-bit signed integer. */
    PrimitiveType LONG = PrimitiveType.LONG;
    /** 32-bit IEEE 754 float. */
    PrimitiveType FLOAT = PrimitiveType.FLOAT;
    /** 64-bit IEEE 754 float. */
    PrimitiveType DOUBLE = PrimitiveType.DOUBLE;
    /** A calendar date without time zone. */
    PrimitiveType DATE = PrimitiveType.DATE;
    /** An instant in UTC with microsecond precision. */
    PrimitiveType TIMESTAMP = PrimitiveType.TIMESTAMP;
    /** Raw bytes. */
    PrimitiveType BINARY = PrimitiveType.BINARY;

    /** The kinds of type, for switching. */
    enum Kind {
        /** {@link DataType#STRING}. */ STRING,
        /** {@link DataType#BOOLEAN}. */ BOOLEAN,
        /** {@link DataType#INT}. */ INT,
        /** {@link DataType#LONG}. */ LONG,
        /** {@link DataType#FLOAT}. */ FLOAT,
        /** {@link DataType#DOUBLE}. */ DOUBLE,
        /** {@link DataType#DATE}. */ DATE,
        /** {@link DataType#TIMESTAMP}. */ TIMESTAMP,
        /** {@link DataType#BINARY}. */ BINARY,
        /** A {@link DecimalType}. */ DECIMAL,
        /** A {@link StructType}. */ STRUCT,
        /** An {@link ArrayType}. */ ARRAY,
        /** A {@link MapType}. */ MAP
    }

    /** @return which kind of type this is */
    Kind kind();

    /** @return a readable name such as {@code decimal(10,2)} or {@code array<string>}, used in messages */
    String displayName();

    /**
     * @param precision total digits, 1 to 38
     * @param scale digits after the point, 0 to {@code precision}
     * @return a decimal type
     * @throws ConfigurationException when precision or scale is out of range
     */
    static DecimalType decimal(int precision, int scale) {
        return new DecimalType(precision, scale);
    }

    /**
     * @param fields the struct's fields, in order, with unique names
     * @return a struct type whose values are {@link Row}s
     * @throws ConfigurationException when there are no fields or a name repeats
     */
    static StructType struct(Field... fields) {
        ConfigurationException.requireNonNull(fields, "fields");
        return new StructType(java.util.Arrays.asList(fields)); // nulls reach the check that names them
    }

    /**
     * @param elementType the element type; elements may be null
     * @return an array type whose values are {@code List}s
     */
    static ArrayType array(DataType elementType) {
        return new ArrayType(elementType);
    }

    /**
     * @param valueType the value type; keys are non-null strings, values may be null
     * @return a map type whose values are {@code Map<String, ?>}
     */
    static MapType map(DataType valueType) {
        return new MapType(valueType);
    }
}
