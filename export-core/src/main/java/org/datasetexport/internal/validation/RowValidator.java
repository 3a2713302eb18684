package org.datasetexport.internal.validation;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.datasetexport.RecordException;
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
 * Checks a row against the schema before any format sees it: Java types as documented on
 * {@link DataType}, nulls only where allowed, decimals that fit their precision and scale. The
 * first mismatch throws a {@link RecordException} with the field path.
 */
public final class RowValidator {
    /** The first and last instants that fit in 64-bit microseconds since 1970. */
    static final Instant MIN_TIMESTAMP = Instant.EPOCH.plus(Long.MIN_VALUE, ChronoUnit.MICROS);
    static final Instant MAX_TIMESTAMP = Instant.EPOCH.plus(Long.MAX_VALUE, ChronoUnit.MICROS);
    /**
     * The longest string (characters) and binary (bytes) one value may be: 256 Mi. Far beyond any
     * real cell, and what every format writes and every reader of ours reads back (JSON's reader
     * accepts base64 of this size by default).
     */
    public static final int MAX_VALUE_LENGTH = 256 * 1024 * 1024;

    private final String datasetId;
    private final StructType schema;

    /**
     * @param datasetId for messages
     * @param schema the schema rows must match
     */
    public RowValidator(String datasetId, Schema schema) {
        this.datasetId = datasetId;
        this.schema = schema.asStruct();
    }

    /**
     * @param row the row
     * @param rowNumber its row number, for messages
     * @throws RecordException at the first mismatch
     */
    public void validate(Row row, long rowNumber) {
        if (row == null) {
            throw new RecordException(datasetId, rowNumber, "", "a row", "null");
        }
        checkStruct(row, schema, "", rowNumber);
    }

    private void checkStruct(Row row, StructType type, String path, long rowNumber) {
        List<Field> fields = type.fields();
        if (row.size() != fields.size()) {
            throw new RecordException(datasetId, rowNumber, path,
                    fields.size() + " values (" + type.displayName() + ")", row.size() + " values");
        }
        for (int i = 0; i < fields.size(); i++) {
            Field f = fields.get(i);
            String fieldPath = FieldPaths.field(path, f.name());
            Object value = row.get(i);
            if (value == null) {
                if (!f.nullable()) {
                    throw new RecordException(datasetId, rowNumber, fieldPath, "non-null " + f.type().displayName(), "null");
                }
            } else {
                checkValue(value, f.type(), fieldPath, rowNumber);
            }
        }
    }

    private void checkValue(Object value, DataType type, String path, long rowNumber) {
        switch (type.kind()) {
            case STRING -> {
                expect(value instanceof String, value, type, path, rowNumber);
                checkText((String) value, path, rowNumber);
            }
            case BOOLEAN -> expect(value instanceof Boolean, value, type, path, rowNumber);
            case INT -> expect(value instanceof Integer, value, type, path, rowNumber);
            case LONG -> expect(value instanceof Long, value, type, path, rowNumber);
            case FLOAT -> expect(value instanceof Float, value, type, path, rowNumber);
            case DOUBLE -> expect(value instanceof Double, value, type, path, rowNumber);
            case DATE -> {
                expect(value instanceof LocalDate, value, type, path, rowNumber);
                long day = ((LocalDate) value).toEpochDay();
                // formats store dates as 32-bit days since 1970 (Parquet DATE, DuckDB)
                if (day < Integer.MIN_VALUE || day > Integer.MAX_VALUE) {
                    throw new RecordException(datasetId, rowNumber, path, "a date within 5.8 million years of 1970",
                            "a date outside that range");
                }
            }
            case TIMESTAMP -> {
                expect(value instanceof Instant, value, type, path, rowNumber);
                Instant t = (Instant) value;
                // formats store timestamps as 64-bit microseconds since 1970 (Parquet, DuckDB)
                if (t.isBefore(MIN_TIMESTAMP) || t.isAfter(MAX_TIMESTAMP)) {
                    throw new RecordException(datasetId, rowNumber, path, "a timestamp between " + MIN_TIMESTAMP + " and "
                            + MAX_TIMESTAMP, "a timestamp outside that range");
                }
            }
            case BINARY -> {
                expect(value instanceof byte[], value, type, path, rowNumber);
                if (((byte[]) value).length > MAX_VALUE_LENGTH) {
                    throw new RecordException(datasetId, rowNumber, path, "binary of at most " + MAX_VALUE_LENGTH + " bytes",
                            "binary of " + ((byte[]) value).length + " bytes");
                }
            }
            case DECIMAL -> checkDecimal(value, (DecimalType) type, path, rowNumber);
            case STRUCT -> {
                expect(value instanceof Row, value, type, path, rowNumber);
                checkStruct((Row) value, (StructType) type, path, rowNumber);
            }
            case ARRAY -> {
                expect(value instanceof List<?>, value, type, path, rowNumber);
                DataType element = ((ArrayType) type).elementType();
                int i = 0;
                for (Object e : (List<?>) value) {
                    if (e != null) {
                        checkValue(e, element, FieldPaths.element(path, i), rowNumber);
                    }
                    i++;
                }
            }
            case MAP -> {
                expect(value instanceof Map<?, ?>, value, type, path, rowNumber);
                DataType valueType = ((MapType) type).valueType();
                for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                    if (!(e.getKey() instanceof String key)) {
                        throw new RecordException(datasetId, rowNumber, path + " (key)", "string",
                                describe(e.getKey()));
                    }
                    if (e.getValue() != null) {
                        checkValue(e.getValue(), valueType, FieldPaths.entry(path, key), rowNumber);
                    }
                }
            }
            default -> throw new IllegalStateException("unhandled kind " + type.kind());
        }
    }

    private void checkDecimal(Object value, DecimalType type, String path, long rowNumber) {
        expect(value instanceof BigDecimal, value, type, path, rowNumber);
        BigDecimal d = (BigDecimal) value;
        // A value needing more fraction digits than the scale would be rounded: refuse instead.
        if (d.scale() > type.scale() && d.stripTrailingZeros().scale() > type.scale()) {
            // the value itself stays out of the message: it may be personal data
            throw new RecordException(datasetId, rowNumber, path, type.displayName(),
                    "a decimal with " + d.stripTrailingZeros().scale() + " fraction digits");
        }
        long integerDigits = (long) d.precision() - d.scale();
        if (integerDigits > type.precision() - type.scale()) {
            throw new RecordException(datasetId, rowNumber, path, type.displayName(),
                    "a decimal with " + integerDigits + " integer digits");
        }
    }

    /** A lone surrogate has no UTF-8 form: Parquet would write '?', JSON an escape other readers reject. */
    private void checkText(String text, String path, long rowNumber) {
        if (text.length() > MAX_VALUE_LENGTH) {
            throw new RecordException(datasetId, rowNumber, path, "a string of at most " + MAX_VALUE_LENGTH + " characters",
                    "a string of " + text.length() + " characters");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    throw new RecordException(datasetId, rowNumber, path, "a string of valid UTF-16 (it becomes UTF-8)",
                            "a string with a lone surrogate at index " + i);
                }
            }
        }
    }

    private void expect(boolean ok, Object value, DataType type, String path, long rowNumber) {
        if (!ok) {
            throw new RecordException(datasetId, rowNumber, path, type.displayName(), describe(value));
        }
    }

    private static String describe(Object value) {
        return value == null ? "null" : value.getClass().getName();
    }
}
