package org.datasetexport.data;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import org.datasetexport.ConfigurationException;

/**
 * A named, typed column of a {@link Schema} or a {@link StructType}.
 *
 * <p>Names are 1 to 255 characters with no control characters; they become JSON keys and
 * Parquet column names as they are.
 *
 * @param name the field name
 * @param type the field type
 * @param nullable whether a row may hold null here
 * @param labels data-usage labels (free strings such as {@code C2}, {@code I1}, {@code S1}) that
 *        export policies evaluate; empty by default
 */
public record Field(String name, DataType type, boolean nullable, Set<String> labels) {

    /**
     * A field without labels.
     *
     * @param name the field name
     * @param type the field type
     * @param nullable whether a row may hold null here
     */
    public Field(String name, DataType type, boolean nullable) {
        this(name, type, nullable, Set.of());
    }

    /** Validates the name and type, copies the labels. */
    public Field {
        ConfigurationException.requireNonNull(name, "field name");
        ConfigurationException.requireNonNull(type, "type of field \"" + name + "\"");
        ConfigurationException.check(!name.isEmpty() && name.length() <= 255,
                "field name must be 1 to 255 characters, got \"%s\"", name);
        ConfigurationException.check(name.chars().noneMatch(Character::isISOControl),
                "field name \"%s\" contains a control character", name.replaceAll("\\p{Cntrl}", "?"));
        labels = labels == null ? Set.of() : Collections.unmodifiableSet(new TreeSet<>(labels));
    }

    /**
     * @param newLabels data-usage labels
     * @return a copy of this field carrying these labels (replacing any it had)
     */
    public Field withLabels(String... newLabels) {
        ConfigurationException.requireNonNull(newLabels, "labels");
        return new Field(name, type, nullable, Set.of(newLabels));
    }

    /**
     * @param name the field name
     * @param type the field type
     * @return a field that must not be null
     */
    public static Field required(String name, DataType type) {
        return new Field(name, type, false);
    }

    /**
     * @param name the field name
     * @param type the field type
     * @return a field that may be null
     */
    public static Field optional(String name, DataType type) {
        return new Field(name, type, true);
    }
}
