package org.datasetexport.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.datasetexport.ConfigurationException;
import org.datasetexport.data.ArrayType;
import org.datasetexport.data.DataType;
import org.datasetexport.data.Field;
import org.datasetexport.data.MapType;
import org.datasetexport.data.StructType;

/**
 * The built-in {@link ExportPolicy}: rules over data-usage labels.
 *
 * <pre>{@code
 * ExportPolicy policy = RuleBasedPolicy.builder()
 *         .denyPurposeForLabel("marketing action", "C2")   // C2 data never goes to marketing
 *         .dropFieldsWithLabel("S1")                        // sensitive fields never leave
 *         .hashFieldsWithLabel("I1")                        // identifiers leave as SHA-256
 *         .build();
 * }</pre>
 *
 * <p>Labels are read from the dataset and from every field reachable through structs; a label on a
 * field inside an array or map element counts for the enclosing array or map field. Deny rules
 * are checked first (purposes compare case-insensitively); then a field with a drop label is
 * dropped, otherwise a field with a hash label is hashed. Immutable and thread-safe.
 */
public final class RuleBasedPolicy implements ExportPolicy {
    private record Deny(String purpose, String label) {
    }

    private final List<Deny> denies;
    private final Set<String> dropLabels;
    private final Set<String> hashLabels;

    private RuleBasedPolicy(Builder b) {
        this.denies = List.copyOf(b.denies);
        this.dropLabels = Set.copyOf(b.dropLabels);
        this.hashLabels = Set.copyOf(b.hashLabels);
    }

    /** @return a builder without rules (which allows everything) */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public PolicyDecision evaluate(PolicyRequest request) {
        Map<String, Set<String>> fieldLabels = new LinkedHashMap<>();
        collect(request.schema().asStruct(), "", fieldLabels);
        String purpose = request.purpose().map(p -> p.toLowerCase(Locale.ROOT)).orElse(null);
        for (Deny deny : denies) {
            if (!deny.purpose().equals(purpose)) {
                continue;
            }
            String rule = "deny purpose \"" + deny.purpose() + "\" for label " + deny.label();
            if (request.datasetLabels().contains(deny.label())) {
                return PolicyDecision.deny(rule, Set.of(deny.label()), List.of());
            }
            List<String> fields = new ArrayList<>();
            fieldLabels.forEach((path, labels) -> {
                if (labels.contains(deny.label())) {
                    fields.add(path);
                }
            });
            if (!fields.isEmpty()) {
                return PolicyDecision.deny(rule, Set.of(deny.label()), fields);
            }
        }
        List<FieldAction> actions = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        fieldLabels.forEach((path, labels) -> {
            if (dropped.stream().anyMatch(d -> path.startsWith(d + "."))) {
                return; // inside a dropped struct already
            }
            for (String label : new TreeSet<>(labels)) {
                if (dropLabels.contains(label)) {
                    actions.add(new FieldAction(path, FieldAction.Action.DROP, "drop fields with label " + label, label));
                    dropped.add(path);
                    return;
                }
            }
            for (String label : new TreeSet<>(labels)) {
                if (hashLabels.contains(label)) {
                    actions.add(new FieldAction(path, FieldAction.Action.HASH, "hash fields with label " + label, label));
                    return;
                }
            }
        });
        return actions.isEmpty() ? PolicyDecision.allow() : PolicyDecision.allowWith(actions);
    }

    /** Labels by field path; labels inside array or map elements are lifted to the enclosing field. */
    private static void collect(StructType struct, String prefix, Map<String, Set<String>> out) {
        for (Field f : struct.fields()) {
            String path = prefix.isEmpty() ? f.name() : prefix + "." + f.name();
            Set<String> labels = new TreeSet<>(f.labels());
            labels.addAll(nestedLabels(f.type(), false));
            if (!labels.isEmpty()) {
                out.put(path, labels);
            }
            if (f.type() instanceof StructType s) {
                collect(s, path, out);
            }
        }
    }

    private static Set<String> nestedLabels(DataType type, boolean insideCollection) {
        Set<String> labels = new TreeSet<>();
        if (type instanceof ArrayType a) {
            labels.addAll(nestedLabels(a.elementType(), true));
        } else if (type instanceof MapType m) {
            labels.addAll(nestedLabels(m.valueType(), true));
        } else if (type instanceof StructType s && insideCollection) {
            for (Field f : s.fields()) {
                labels.addAll(f.labels());
                labels.addAll(nestedLabels(f.type(), true));
            }
        }
        return labels;
    }

    @Override
    public String toString() {
        return "RuleBasedPolicy[deny " + denies + ", drop " + dropLabels + ", hash " + hashLabels + "]";
    }

    /** Builds a {@link RuleBasedPolicy}. Not thread-safe. */
    public static final class Builder {
        private final List<Deny> denies = new ArrayList<>();
        private final Set<String> dropLabels = new TreeSet<>();
        private final Set<String> hashLabels = new TreeSet<>();

        private Builder() {
        }

        /**
         * @param purpose a declared purpose ("marketing action"); compared case-insensitively
         * @param label a label that may not be exported for that purpose
         * @return this builder
         */
        public Builder denyPurposeForLabel(String purpose, String label) {
            denies.add(new Deny(ConfigurationException.requireNonNull(purpose, "purpose").toLowerCase(Locale.ROOT),
                    ConfigurationException.requireNonNull(label, "label")));
            return this;
        }

        /**
         * @param label fields carrying it are removed before export
         * @return this builder
         */
        public Builder dropFieldsWithLabel(String label) {
            dropLabels.add(ConfigurationException.requireNonNull(label, "label"));
            return this;
        }

        /**
         * @param label fields carrying it are exported as their SHA-256
         * @return this builder
         */
        public Builder hashFieldsWithLabel(String label) {
            hashLabels.add(ConfigurationException.requireNonNull(label, "label"));
            return this;
        }

        /** @return the policy */
        public RuleBasedPolicy build() {
            return new RuleBasedPolicy(this);
        }
    }
}
