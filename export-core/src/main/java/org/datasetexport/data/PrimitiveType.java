package org.datasetexport.data;

import java.util.Locale;

/** The primitive types; use the constants on {@link DataType}. */
public enum PrimitiveType implements DataType {
    /** See {@link DataType#STRING}. */
    STRING,
    /** See {@link DataType#BOOLEAN}. */
    BOOLEAN,
    /** See {@link DataType#INT}. */
    INT,
    /** See {@link DataType#LONG}. */
    LONG,
    /** See {@link DataType#FLOAT}. */
    FLOAT,
    /** See {@link DataType#DOUBLE}. */
    DOUBLE,
    /** See {@link DataType#DATE}. */
    DATE,
    /** See {@link DataType#TIMESTAMP}. */
    TIMESTAMP,
    /** See {@link DataType#BINARY}. */
    BINARY;

    /** Looked up once: {@code kind()} is called for every value the validator and encoders see. */
    private final Kind kind = Kind.valueOf(name());

    @Override
    public Kind kind() {
        return kind;
    }

    @Override
    public String displayName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
