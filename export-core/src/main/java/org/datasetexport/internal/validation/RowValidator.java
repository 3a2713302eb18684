package org.datasetexport.internal.validation;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
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
     * Validates a row and returns what the encoders must write: the row itself, or — when it holds
     * lists or maps — a copy whose lists and maps are the snapshots that were validated. A list or
     * map is read once, here; a {@code List} whose contents change between two reads (a live view, a
     * lazily computed list, another thread) can then no longer put an unvalidated value into a file.
     *
     * @param row the row
     * @param rowNumber its row number, for messages
     * @return the row to encode (the same instance when it holds no list or map)
     * @throws RecordException at the first mismatch
     */
    public Row validate(Row row, long rowNumber) {
        if (row == null) {
            throw new RecordException(datasetId, rowNumber, "", "a row", "null");
        }
        try {
            return checkStruct(row, schema, null, rowNumber);
        } catch (Untracked invalid) {
            // the row is invalid: only now walk it again with its paths, to say where
            checkStruct(row, schema, Loc.ROOT, rowNumber);
            throw new RecordException(datasetId, rowNumber, "", "values that stay the same while validated", "values that changed");
        }
    }

    /**
     * Thrown on the first pass, which tracks no path (so a valid row allocates nothing); the second
     * pass, with paths, then throws the {@link RecordException}. One instance, no stack trace.
     */
    private static final class Untracked extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final Untracked INSTANCE = new Untracked();

        private Untracked() {
            super("invalid row", null, false, false);
        }
    }

    /**
     * Where a container value (row, struct, array, map) sits, on the second pass only: the first
     * passes {@code null} everywhere and builds none. A leaf is described by its container's
     * {@code Loc} plus its field name, index or key, and the text ({@code address.geo.lat},
     * {@code items[2]}) is rendered only for a message.
     */
    private record Loc(Loc parent, String field, int index, String key) {
        static final Loc ROOT = new Loc(null, null, -1, null);

        static String render(Loc parent, String field, int index, String key) {
            String base = parent == null ? "" : parent.render();
            if (field != null) {
                return FieldPaths.field(base, field);
            }
            if (key != null) {
                return FieldPaths.entry(base, key);
            }
            return index >= 0 ? FieldPaths.element(base, index) : base;
        }

        String render() {
            return render(parent, field, index, key);
        }
    }

    /** @return the row, or a copy of it holding the validated snapshots of its lists and maps */
    private Row checkStruct(Row row, StructType type, Loc loc, long rowNumber) {
        List<Field> fields = type.fields();
        Object[] copy = null;
        if (row.size() != fields.size()) {
            if (loc == null) {
                throw Untracked.INSTANCE;
            }
            throw new RecordException(datasetId, rowNumber, loc.render(),
                    fields.size() + " values (" + type.displayName() + ")", row.size() + " values");
        }
        for (int i = 0; i < fields.size(); i++) {
            Field f = fields.get(i);
            Object value = row.get(i);
            if (value == null) {
                if (!f.nullable()) {
                    if (loc == null) {
                        throw Untracked.INSTANCE;
                    }
                    throw new RecordException(datasetId, rowNumber, Loc.render(loc, f.name(), -1, null),
                            "non-null " + f.type().displayName(), "null");
                }
            } else {
                Object checked = checkValue(value, f.type(), loc, f.name(), -1, null, rowNumber);
                if (checked != value) {
                    if (copy == null) {
                        copy = new Object[fields.size()];
                        for (int j = 0; j < fields.size(); j++) {
                            copy[j] = row.get(j);
                        }
                    }
                    copy[i] = checked;
                }
            }
        }
        return copy == null ? row : Row.wrap(copy);
    }

    /**
     * The value at field {@code field}, index {@code index} or key {@code key} of the container at
     * {@code parent} (exactly one of them set); {@code parent} is null on the first, untracked pass.
     */
    /** @return the value to encode: the value itself, or for a list or map (and a struct holding one) the validated snapshot */
    private Object checkValue(Object value, DataType type, Loc parent, String field, int index, String key, long rowNumber) {
        switch (type.kind()) {
            case STRUCT -> {
                if (!(value instanceof Row row)) {
                    throw failure(value, type, WRONG_CLASS, parent, field, index, key, rowNumber);
                }
                return checkStruct(row, (StructType) type, parent == null ? null : new Loc(parent, field, index, key), rowNumber);
            }
            case ARRAY -> {
                if (!(value instanceof List<?> list)) {
                    throw failure(value, type, WRONG_CLASS, parent, field, index, key, rowNumber);
                }
                DataType element = ((ArrayType) type).elementType();
                Loc here = parent == null ? null : new Loc(parent, field, index, key);
                // a JDK list changes only when someone writes to it: validated in place. Any other List (a
                // live view, a lazily computed list) is read once, and that snapshot is what is encoded
                boolean stable = STABLE.contains(list.getClass());
                List<Object> snapshot = stable ? null : new ArrayList<>(Math.min(list.size(), 1024)); // size() is only a hint
                int i = 0;
                for (Object e : list) {
                    Object checked = e == null ? null : checkValue(e, element, here, null, i, null, rowNumber);
                    if (snapshot == null && checked != e) {
                        snapshot = new ArrayList<>(list.subList(0, i)); // an element holds a snapshot of its own
                    }
                    if (snapshot != null) {
                        snapshot.add(checked);
                    }
                    i++;
                }
                return snapshot == null ? list : Collections.unmodifiableList(snapshot);
            }
            case MAP -> {
                if (!(value instanceof Map<?, ?> map)) {
                    throw failure(value, type, WRONG_CLASS, parent, field, index, key, rowNumber);
                }
                DataType valueType = ((MapType) type).valueType();
                Loc here = parent == null ? null : new Loc(parent, field, index, key);
                boolean stable = STABLE.contains(map.getClass());
                Map<String, Object> snapshot = stable ? null : new LinkedHashMap<>(Math.max(4, Math.min(map.size(), 1024) * 4 / 3 + 1));
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (!(e.getKey() instanceof String entryKey)) {
                        if (here == null) {
                            throw Untracked.INSTANCE;
                        }
                        throw new RecordException(datasetId, rowNumber, here.render() + " (key)", "string", describe(e.getKey()));
                    }
                    // a key is written as text like any string: a lone surrogate has no UTF-8 form there either
                    String keyProblem = textProblem(entryKey);
                    if (keyProblem != null) {
                        if (here == null) {
                            throw Untracked.INSTANCE;
                        }
                        throw new RecordException(datasetId, rowNumber, here.render() + " (key)", "valid UTF-16 text", keyProblem);
                    }
                    Object entryValue = e.getValue();
                    Object checked = entryValue == null ? null : checkValue(entryValue, valueType, here, null, -1, entryKey, rowNumber);
                    if (snapshot == null && checked != entryValue) {
                        snapshot = copyUpTo(map, entryKey); // a value holds a snapshot of its own
                    }
                    if (snapshot != null) {
                        snapshot.put(entryKey, checked);
                    }
                }
                return snapshot == null ? map : Collections.unmodifiableMap(snapshot);
            }
            default -> {
                String problem = leafProblem(value, type);
                if (problem != null) {
                    throw failure(value, type, problem, parent, field, index, key, rowNumber);
                }
                return value;
            }
        }
    }

    /**
     * JDK lists and maps: their contents change only when someone writes to them, so they are
     * validated in place (no copy on the hot path). Any other implementation is read once into a snapshot.
     */
    private static final java.util.Set<Class<?>> STABLE = java.util.Set.copyOf(java.util.Arrays.<Class<?>>asList(ArrayList.class, java.util.LinkedList.class,
            java.util.Arrays.asList().getClass(), List.of().getClass(), List.of(1).getClass(), List.of(1, 2, 3).getClass(),
            Collections.emptyList().getClass(), java.util.HashMap.class, LinkedHashMap.class, java.util.TreeMap.class,
            Map.of().getClass(), Map.of(1, 1).getClass(), Collections.emptyMap().getClass()));

    /** The entries of a stable map before {@code stopAt}, in its order, as a snapshot to continue. */
    private static Map<String, Object> copyUpTo(Map<?, ?> map, String stopAt) {
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (e.getKey().equals(stopAt)) {
                break;
            }
            copy.put((String) e.getKey(), e.getValue());
        }
        return copy;
    }

    /** {@link #leafProblem}'s answer for a value of the wrong Java class. */
    private static final String WRONG_CLASS = "wrong class";

    /** @return null when the primitive or decimal value is valid for its type, else what is wrong (kept small: it runs per value) */
    private static String leafProblem(Object value, DataType type) {
        switch (type.kind()) {
            case STRING:
                return value instanceof String text ? textProblem(text) : WRONG_CLASS;
            case BOOLEAN:
                return value instanceof Boolean ? null : WRONG_CLASS;
            case INT:
                return value instanceof Integer ? null : WRONG_CLASS;
            case LONG:
                return value instanceof Long ? null : WRONG_CLASS;
            case FLOAT:
                return value instanceof Float ? null : WRONG_CLASS;
            case DOUBLE:
                return value instanceof Double ? null : WRONG_CLASS;
            case DATE:
                if (!(value instanceof LocalDate date)) {
                    return WRONG_CLASS;
                }
                // formats store dates as 32-bit days since 1970 (Parquet DATE, DuckDB)
                long day = date.toEpochDay();
                return day < Integer.MIN_VALUE || day > Integer.MAX_VALUE ? "a date outside that range" : null;
            case TIMESTAMP:
                if (!(value instanceof Instant t)) {
                    return WRONG_CLASS;
                }
                // formats store timestamps as 64-bit microseconds since 1970 (Parquet, DuckDB)
                return t.isBefore(MIN_TIMESTAMP) || t.isAfter(MAX_TIMESTAMP) ? "a timestamp outside that range" : null;
            case BINARY:
                if (!(value instanceof byte[] bytes)) {
                    return WRONG_CLASS;
                }
                return bytes.length > MAX_VALUE_LENGTH ? "binary of " + bytes.length + " bytes" : null;
            case DECIMAL:
                return value instanceof BigDecimal d ? decimalProblem(d, (DecimalType) type) : WRONG_CLASS;
            default:
                throw new IllegalStateException("unhandled kind " + type.kind());
        }
    }

    /** The exception for an invalid value: only now is its path rendered. */
    private RuntimeException failure(Object value, DataType type, String problem, Loc parent, String field, int index, String key,
                                     long rowNumber) {
        if (parent == null) {
            return Untracked.INSTANCE;
        }
        String path = Loc.render(parent, field, index, key);
        if (problem == WRONG_CLASS) {
            return new RecordException(datasetId, rowNumber, path, type.displayName(), describe(value));
        }
        String expected = switch (type.kind()) {
            case STRING -> ((String) value).length() > MAX_VALUE_LENGTH ? "a string of at most " + MAX_VALUE_LENGTH + " characters"
                    : "a string of valid UTF-16 (it becomes UTF-8)";
            case DATE -> "a date within 5.8 million years of 1970";
            case TIMESTAMP -> "a timestamp between " + MIN_TIMESTAMP + " and " + MAX_TIMESTAMP;
            case BINARY -> "binary of at most " + MAX_VALUE_LENGTH + " bytes";
            default -> type.displayName(); // decimals: the value itself stays out of the message, it may be personal data
        };
        return new RecordException(datasetId, rowNumber, path, expected, problem);
    }

    /** A value needing more fraction digits than the scale would be rounded, more integer digits would not fit: refuse. */
    private static String decimalProblem(BigDecimal d, DecimalType type) {
        if (d.scale() > type.scale() && d.stripTrailingZeros().scale() > type.scale()) {
            return "a decimal with " + d.stripTrailingZeros().scale() + " fraction digits";
        }
        long integerDigits = (long) d.precision() - d.scale();
        if (integerDigits > type.precision() - type.scale()) {
            return "a decimal with " + integerDigits + " integer digits";
        }
        return null;
    }

    /** A lone surrogate has no UTF-8 form: Parquet would write '?', JSON an escape other readers reject. */
    private static String textProblem(String text) {
        if (text.length() > MAX_VALUE_LENGTH) {
            return "a string of " + text.length() + " characters";
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return "a string with a lone surrogate at index " + i;
                }
            }
        }
        return null;
    }

    private static String describe(Object value) {
        return value == null ? "null" : value.getClass().getName();
    }
}
