package org.datasetexport.policy;

import java.util.List;
import java.util.Set;
import org.datasetexport.ConfigurationException;

/**
 * An {@link ExportPolicy}'s answer: allow (possibly requiring field actions) or deny, with the
 * rule, the labels and the fields that caused it. Immutable.
 */
public final class PolicyDecision {
    private final boolean allowed;
    private final List<FieldAction> actions;
    private final String rule;
    private final Set<String> labels;
    private final List<String> fields;

    private PolicyDecision(boolean allowed, List<FieldAction> actions, String rule, Set<String> labels, List<String> fields) {
        this.allowed = allowed;
        this.actions = List.copyOf(actions);
        this.rule = rule;
        this.labels = Set.copyOf(labels);
        this.fields = List.copyOf(fields);
    }

    /** @return allow as is */
    public static PolicyDecision allow() {
        return new PolicyDecision(true, List.of(), null, Set.of(), List.of());
    }

    /**
     * @param actions fields to drop or hash first
     * @return allow after these actions
     */
    public static PolicyDecision allowWith(List<FieldAction> actions) {
        return new PolicyDecision(true, ConfigurationException.requireNonNull(actions, "actions"), null, Set.of(), List.of());
    }

    /**
     * @param rule the violated rule, in words
     * @param labels the labels that caused it
     * @param fields the labelled fields (empty when the dataset itself carries the label)
     * @return a denial
     */
    public static PolicyDecision deny(String rule, Set<String> labels, List<String> fields) {
        return new PolicyDecision(false, List.of(), ConfigurationException.requireNonNull(rule, "rule"), labels, fields);
    }

    /** @return whether the export may go ahead */
    public boolean allowed() {
        return allowed;
    }

    /** @return the field actions required before export (empty when denied) */
    public List<FieldAction> actions() {
        return actions;
    }

    /** @return the violated rule, when denied */
    public String rule() {
        return rule;
    }

    /** @return the labels that caused a denial */
    public Set<String> labels() {
        return labels;
    }

    /** @return the fields that caused a denial */
    public List<String> fields() {
        return fields;
    }

    @Override
    public String toString() {
        return allowed ? "allow" + (actions.isEmpty() ? "" : " with " + actions) : "deny: " + rule + " " + labels + " " + fields;
    }
}
