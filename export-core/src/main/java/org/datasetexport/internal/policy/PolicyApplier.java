package org.datasetexport.internal.policy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.datasetexport.ConfigurationException;
import org.datasetexport.data.DataType;
import org.datasetexport.data.Dataset;
import org.datasetexport.data.Field;
import org.datasetexport.data.ForwardingDataset;
import org.datasetexport.data.Row;
import org.datasetexport.data.RowReader;
import org.datasetexport.data.Schema;
import org.datasetexport.data.Split;
import org.datasetexport.data.StructType;
import org.datasetexport.spi.support.CountingDigestOutputStream;
import org.datasetexport.policy.FieldAction;

/**
 * Applies a policy's field actions to a dataset: a view whose schema lacks dropped fields and has
 * hashed fields as STRING, and whose rows are projected and hashed as they are read.
 */
public final class PolicyApplier {
    private PolicyApplier() {
    }

    /**
     * @param dataset the dataset
     * @param actions drop and hash actions by field path
     * @return a view of {@code dataset} with the actions applied
     */
    public static Dataset apply(Dataset dataset, List<FieldAction> actions) {
        Map<String, FieldAction.Action> byPath = actions.stream()
                .collect(Collectors.toMap(FieldAction::fieldPath, FieldAction::action, (a, b) -> a));
        Set<String> known = new HashSet<>();
        paths(dataset.schema().asStruct(), "", known);
        for (String path : byPath.keySet()) {
            ConfigurationException.check(known.contains(path), "policy action on unknown field \"%s\" of dataset \"%s\"",
                    path, dataset.id());
        }
        Set<String> emptied = new HashSet<>();
        List<Field> fields = transformFields(dataset.schema().asStruct(), "", byPath, emptied);
        ConfigurationException.check(!fields.isEmpty(), "the policy drops every field of dataset \"%s\"", dataset.id());
        Schema schema = Schema.of(fields);
        StructType original = dataset.schema().asStruct();
        return new ForwardingDataset(dataset) {
            @Override
            public Schema schema() {
                return schema;
            }

            @Override
            public RowReader read(Split split) {
                RowReader reader = dataset.read(split);
                return new RowReader() {
                    @Override
                    public long rowNumber() {
                        return reader.rowNumber();
                    }

                    @Override
                    public void close() {
                        reader.close();
                    }

                    @Override
                    public boolean hasNext() {
                        return reader.hasNext();
                    }

                    @Override
                    public Row next() {
                        Row row = reader.next();
                        return row == null ? null : transformRow(row, original, "", byPath, emptied);
                    }
                };
            }
        };
    }

    private static void paths(StructType struct, String prefix, Set<String> out) {
        for (Field f : struct.fields()) {
            String path = prefix.isEmpty() ? f.name() : prefix + "." + f.name();
            out.add(path);
            if (f.type() instanceof StructType s) {
                paths(s, path, out);
            }
        }
    }

    private static List<Field> transformFields(StructType struct, String prefix, Map<String, FieldAction.Action> actions,
                                               Set<String> emptied) {
        List<Field> fields = new ArrayList<>();
        for (Field f : struct.fields()) {
            String path = prefix.isEmpty() ? f.name() : prefix + "." + f.name();
            FieldAction.Action action = actions.get(path);
            if (action == FieldAction.Action.DROP) {
                continue;
            }
            if (action == FieldAction.Action.HASH) {
                fields.add(new Field(f.name(), DataType.STRING, f.nullable(), f.labels()));
            } else if (f.type() instanceof StructType s) {
                List<Field> inner = transformFields(s, path, actions, emptied);
                if (inner.isEmpty()) {
                    emptied.add(path); // every nested field dropped: the struct goes too
                } else {
                    fields.add(new Field(f.name(), new StructType(inner), f.nullable(), f.labels()));
                }
            } else {
                fields.add(f);
            }
        }
        return fields;
    }

    private static Row transformRow(Row row, StructType struct, String prefix, Map<String, FieldAction.Action> actions,
                                    Set<String> emptied) {
        List<Object> values = new ArrayList<>();
        List<Field> fields = struct.fields();
        for (int i = 0; i < fields.size(); i++) {
            Field f = fields.get(i);
            String path = prefix.isEmpty() ? f.name() : prefix + "." + f.name();
            FieldAction.Action action = actions.get(path);
            Object value = i < row.size() ? row.get(i) : null;
            if (action == FieldAction.Action.DROP || emptied.contains(path)) {
                continue;
            }
            if (action == FieldAction.Action.HASH) {
                values.add(value == null ? null : sha256(value));
            } else if (f.type() instanceof StructType s && value instanceof Row r) {
                values.add(transformRow(r, s, path, actions, emptied));
            } else {
                values.add(value);
            }
        }
        return Row.of(values);
    }

    /** Hex SHA-256 of a value's bytes (BINARY) or of its text form (everything else). */
    static String sha256(Object value) {
        byte[] bytes = value instanceof byte[] b ? b : String.valueOf(value).getBytes(StandardCharsets.UTF_8);
        MessageDigest digest = CountingDigestOutputStream.sha256();
        return HexFormat.of().formatHex(digest.digest(bytes));
    }
}
