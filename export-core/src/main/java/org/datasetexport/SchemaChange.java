package org.datasetexport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.datasetexport.data.ArrayType;
import org.datasetexport.data.DataType;
import org.datasetexport.data.Field;
import org.datasetexport.data.MapType;
import org.datasetexport.data.Schema;
import org.datasetexport.data.StructType;

/**
 * How a schema differs from an earlier one, field by field: what a flow run records when its
 * dataset's schema is not the one its last successful run wrote. Paths are dotted
 * ({@code address.city}); an array's elements are {@code tags[]}, a map's values {@code attrs{}}.
 * Immutable.
 *
 * @param changes the differences, in the order of the newer schema (removals after)
 */
public record SchemaChange(List<Change> changes) {

    /** What happened to one field. */
    public enum Kind {
        /** In the newer schema only. */
        ADDED,
        /** In the earlier schema only. */
        REMOVED,
        /** In both, with another type (a decimal's precision or scale counts). */
        TYPE_CHANGED,
        /** In both, nullable in one and required in the other. */
        NULLABILITY_CHANGED
    }

    /**
     * One difference.
     *
     * @param path the field's path
     * @param kind what changed
     * @param before the earlier type and nullability ({@code string?} nullable, {@code long} required); empty when added
     * @param after the newer one; empty when removed
     */
    public record Change(String path, Kind kind, String before, String after) {
        /** Rejects nulls. */
        public Change {
            ConfigurationException.requireNonNull(path, "path");
            ConfigurationException.requireNonNull(kind, "kind");
            before = before == null ? "" : before;
            after = after == null ? "" : after;
        }

        /** @return whether readers of files with the earlier schema read files with the newer one */
        public boolean additive() {
            return switch (kind) {
                case ADDED -> after.endsWith("?");
                case NULLABILITY_CHANGED -> after.endsWith("?");
                default -> false;
            };
        }

        @Override
        public String toString() {
            return switch (kind) {
                case ADDED -> "added " + path + " (" + after + ")";
                case REMOVED -> "removed " + path + " (" + before + ")";
                default -> path + ": " + before + " -> " + after;
            };
        }
    }

    /** Copies the list. */
    public SchemaChange {
        changes = List.copyOf(ConfigurationException.requireNonNull(changes, "changes"));
    }

    /**
     * @param before the earlier schema
     * @param after the newer schema
     * @return their differences (empty when the schemas are the same; labels do not count)
     */
    public static SchemaChange between(Schema before, Schema after) {
        ConfigurationException.requireNonNull(before, "before");
        ConfigurationException.requireNonNull(after, "after");
        List<Change> out = new ArrayList<>();
        diffFields(before.fields(), after.fields(), "", out);
        return new SchemaChange(out);
    }

    private static void diffFields(List<Field> before, List<Field> after, String prefix, List<Change> out) {
        Map<String, Field> old = new LinkedHashMap<>();
        before.forEach(f -> old.put(f.name(), f));
        for (Field f : after) {
            String path = prefix + f.name();
            Field was = old.remove(f.name());
            if (was == null) {
                out.add(new Change(path, Kind.ADDED, "", describe(f.type(), f.nullable())));
                continue;
            }
            diffTypes(was.type(), f.type(), path, out);
            if (was.nullable() != f.nullable()) {
                out.add(new Change(path, Kind.NULLABILITY_CHANGED, describe(was.type(), was.nullable()),
                        describe(f.type(), f.nullable())));
            }
        }
        old.values().forEach(f -> out.add(new Change(prefix + f.name(), Kind.REMOVED, describe(f.type(), f.nullable()), "")));
    }

    private static void diffTypes(DataType before, DataType after, String path, List<Change> out) {
        if (before.kind() != after.kind()) {
            out.add(new Change(path, Kind.TYPE_CHANGED, before.displayName(), after.displayName()));
            return;
        }
        switch (after.kind()) {
            case STRUCT -> diffFields(((StructType) before).fields(), ((StructType) after).fields(), path + ".", out);
            case ARRAY -> diffTypes(((ArrayType) before).elementType(), ((ArrayType) after).elementType(), path + "[]", out);
            case MAP -> diffTypes(((MapType) before).valueType(), ((MapType) after).valueType(), path + "{}", out);
            default -> {
                if (!before.equals(after)) {
                    out.add(new Change(path, Kind.TYPE_CHANGED, before.displayName(), after.displayName()));
                }
            }
        }
    }

    private static String describe(DataType type, boolean nullable) {
        return type.displayName() + (nullable ? "?" : "");
    }

    /** @return whether there is no difference */
    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /** @return whether every change is additive (see {@link SchemaChangePolicy#ALLOW_ADDITIVE}) */
    public boolean isAdditive() {
        return changes.stream().allMatch(Change::additive);
    }

    /**
     * @param policy a flow's policy
     * @return whether a run with this change may proceed under it
     */
    public boolean allowedBy(SchemaChangePolicy policy) {
        return isEmpty() || switch (ConfigurationException.requireNonNull(policy, "policy")) {
            case ALLOW_ANY -> true;
            case ALLOW_ADDITIVE -> isAdditive();
            case FAIL -> false;
        };
    }

    /** @return the changes, separated by {@code "; "} */
    @Override
    public String toString() {
        return String.join("; ", changes.stream().map(Change::toString).toList());
    }
}
