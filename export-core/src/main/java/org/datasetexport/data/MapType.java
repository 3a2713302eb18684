package org.datasetexport.data;

import org.datasetexport.ConfigurationException;

/**
 * A map with non-null string keys; values are {@code Map<String, ?>}, map values may be null.
 *
 * @param valueType the value type
 */
public record MapType(DataType valueType) implements DataType {

    /** Rejects a null value type. */
    public MapType {
        ConfigurationException.requireNonNull(valueType, "valueType");
        TypeDepth.checkParentOf(valueType);
    }

    @Override
    public Kind kind() {
        return Kind.MAP;
    }

    @Override
    public String displayName() {
        return "map<string," + valueType.displayName() + ">";
    }
}
