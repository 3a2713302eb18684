package org.datasetexport.data;

import org.datasetexport.ConfigurationException;

/**
 * A list of values of one type; values are {@code java.util.List}s, elements may be null.
 *
 * @param elementType the element type
 */
public record ArrayType(DataType elementType) implements DataType {

    /** Rejects a null element type. */
    public ArrayType {
        ConfigurationException.requireNonNull(elementType, "elementType");
        TypeDepth.checkParentOf(elementType);
    }

    @Override
    public Kind kind() {
        return Kind.ARRAY;
    }

    @Override
    public String displayName() {
        return "array<" + elementType.displayName() + ">";
    }
}
