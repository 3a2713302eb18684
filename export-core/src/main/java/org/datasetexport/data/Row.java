package org.datasetexport.data;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.datasetexport.ConfigurationException;

/**
 * One record: positional values matching a {@link Schema} or {@link StructType}. Values may be
 * null. A {@code Row} made by {@link #of(Object...)} keeps its own copy of the value array (one made by
 * {@link #wrap(Object[])} owns the array it was given); the values themselves are not copied.
 */
public final class Row {
    private final Object[] values;

    private Row(Object[] values) {
        this.values = values;
    }

    /**
     * @param values one value per field, in schema order; nulls allowed
     * @return the row
     */
    public static Row of(Object... values) {
        ConfigurationException.requireNonNull(values, "values");
        return new Row(values.clone());
    }

    /**
     * A row over the given array itself, without the defensive copy {@link #of(Object...)} makes:
     * for readers and generators that build a fresh array per row and hand it over. The caller must
     * not change the array afterwards (the row would change with it).
     *
     * @param values one value per field, in schema order; nulls allowed; owned by the row from now on
     * @return the row
     */
    public static Row wrap(Object[] values) {
        ConfigurationException.requireNonNull(values, "values");
        return new Row(values);
    }

    /**
     * @param values one value per field, in schema order; nulls allowed
     * @return the row
     */
    public static Row of(List<?> values) {
        ConfigurationException.requireNonNull(values, "values");
        return new Row(values.toArray());
    }

    /**
     * @param index 0-based field position
     * @return the value, possibly null
     * @throws IndexOutOfBoundsException when {@code index} is not a position of this row
     */
    public Object get(int index) {
        return values[index];
    }

    /** @return how many values the row holds */
    public int size() {
        return values.length;
    }

    /** @return the values as an unmodifiable list (nulls kept) */
    public List<Object> values() {
        return Collections.unmodifiableList(Arrays.asList(values));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Row other && Arrays.deepEquals(values, other.values);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(values);
    }

    @Override
    public String toString() {
        return "Row" + Arrays.deepToString(values);
    }
}
