package org.datasetexport;

/**
 * What a flow run does when the dataset's schema differs from the one its last successful run
 * wrote ({@link ExportBuilder#onSchemaChange(SchemaChangePolicy)}). Every change is reported — in
 * the run's {@code ExportRun.schemaChange()} and to listeners — whatever the policy.
 */
public enum SchemaChangePolicy {
    /** Export anyway (the default): the change is only reported. */
    ALLOW_ANY,
    /**
     * Export when every change is additive — a nullable field added, or a required field made
     * nullable — so readers of the earlier files read the new ones; otherwise (a field removed or
     * retyped, a required field added, a nullable field made required) the run is refused.
     */
    ALLOW_ADDITIVE,
    /** Refuse the run on any change. */
    FAIL
}
