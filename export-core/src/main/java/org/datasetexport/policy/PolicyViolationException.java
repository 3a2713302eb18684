package org.datasetexport.policy;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.datasetexport.ExportException;

/**
 * An export policy denied the export; thrown before anything is written. Names the rule, the
 * labels and the fields that caused it.
 */
public class PolicyViolationException extends ExportException {
    private static final long serialVersionUID = 1L;

    private final String rule;
    private final Set<String> labels;
    private final List<String> fields;

    /**
     * @param datasetId the dataset
     * @param decision the denial
     */
    public PolicyViolationException(String datasetId, PolicyDecision decision) {
        super("Export of dataset \"" + datasetId + "\" denied by policy: " + decision.rule() + " (label"
                + (decision.labels().size() == 1 ? " " : "s ") + String.join(", ", new TreeSet<>(decision.labels()))
                + (decision.fields().isEmpty() ? " on the dataset" : " on field" + (decision.fields().size() == 1 ? " " : "s ")
                        + String.join(", ", decision.fields())) + ")");
        this.rule = decision.rule();
        this.labels = decision.labels();
        this.fields = decision.fields();
    }

    /** @return the violated rule */
    public String rule() {
        return rule;
    }

    /** @return the labels that caused it */
    public Set<String> labels() {
        return labels;
    }

    /** @return the labelled fields (empty when the dataset itself carries the label) */
    public List<String> fields() {
        return fields;
    }
}
