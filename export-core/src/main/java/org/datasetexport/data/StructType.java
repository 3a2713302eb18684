package org.datasetexport.data;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.datasetexport.ConfigurationException;

/**
 * A nested record; its values are {@link Row}s with one value per field, in order.
 *
 * @param fields the fields, in order, names unique
 */
public record StructType(List<Field> fields) implements DataType {

    /** Copies the list and checks the names. */
    public StructType {
        ConfigurationException.requireNonNull(fields, "fields");
        for (Field f : fields) {
            ConfigurationException.requireNonNull(f, "field");
            TypeDepth.checkParentOf(f.type());
        }
        fields = List.copyOf(fields);
        ConfigurationException.check(!fields.isEmpty(), "a struct needs at least one field");
        Set<String> names = new HashSet<>();
        for (Field f : fields) {
            ConfigurationException.check(names.add(f.name()), "field name \"%s\" appears twice", f.name());
        }
    }

    @Override
    public Kind kind() {
        return Kind.STRUCT;
    }

    @Override
    public String displayName() {
        return fields.stream().map(f -> f.name() + ":" + f.type().displayName())
                .collect(Collectors.joining(",", "struct<", ">"));
    }
}
