package org.datasetexport.policy;

import org.datasetexport.ConfigurationException;

/**
 * What a policy requires for one field before it may leave: drop it, or replace its values by
 * their SHA-256.
 *
 * @param fieldPath the field, dotted through structs ({@code person.email})
 * @param action drop or hash
 * @param rule the rule that requires it, for the audit trail
 * @param label the label that triggered the rule
 */
public record FieldAction(String fieldPath, Action action, String rule, String label) {

    /** The kinds of field action. */
    public enum Action {
        /** The field is removed from the files and the manifest schema. */
        DROP,
        /** The field becomes a STRING holding the lower-case hex SHA-256 of the value (null stays null). */
        HASH
    }

    /** Rejects nulls. */
    public FieldAction {
        ConfigurationException.requireNonNull(fieldPath, "fieldPath");
        ConfigurationException.requireNonNull(action, "action");
        ConfigurationException.requireNonNull(rule, "rule");
        ConfigurationException.requireNonNull(label, "label");
    }
}
