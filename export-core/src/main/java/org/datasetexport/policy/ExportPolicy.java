package org.datasetexport.policy;

/**
 * Decides, before a run reads any row, whether a dataset may be exported to a destination for a
 * purpose, and which fields must be dropped or hashed first. Set with
 * {@code ExportBuilder.policy(...)} or on the scheduler for all its flows. Implementations must be
 * thread-safe and fast (evaluated before every run). {@link RuleBasedPolicy} is the built-in one.
 */
@FunctionalInterface
public interface ExportPolicy {

    /**
     * @param request dataset, labels, schema, destination and purpose
     * @return the decision
     */
    PolicyDecision evaluate(PolicyRequest request);
}
