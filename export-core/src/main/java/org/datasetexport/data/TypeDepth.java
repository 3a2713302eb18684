package org.datasetexport.data;

import org.datasetexport.ConfigurationException;

/**
 * How deeply types nest, checked as each nested type is built: every reader, writer and the row
 * validator walk types recursively, so a limit here is what keeps a hostile schema from overflowing
 * the stack late, in the middle of a run.
 */
final class TypeDepth {
    /** Struct, array and map levels a schema may nest; far beyond what real data uses (tens). */
    static final int MAX = 100;

    private TypeDepth() {
    }

    /** Levels below and including {@code type}; children were checked when they were built, so this recursion is bounded. */
    static int of(DataType type) {
        return switch (type.kind()) {
            case STRUCT -> 1 + ((StructType) type).fields().stream().mapToInt(f -> of(f.type())).max().orElse(0);
            case ARRAY -> 1 + of(((ArrayType) type).elementType());
            case MAP -> 1 + of(((MapType) type).valueType());
            default -> 0;
        };
    }

    /** @throws ConfigurationException when a nested type built on {@code child} would be too deep */
    static void checkParentOf(DataType child) {
        ConfigurationException.check(of(child) < MAX, "types nest at most %d levels deep (struct, array, map); "
                + "this one nests deeper", MAX);
    }
}
