package org.datasetexport.flows;

/** Why a run happened. */
public enum RunTrigger {
    /** Its slot came due. */
    SCHEDULED,
    /** Several slots were missed (the app was down or a run took longer); one run covers them all. */
    CATCH_UP,
    /** {@code runNow()}. */
    MANUAL,
    /**
     * Not an export: the flow was re-attached with a changed definition. The history entry
     * records when (its start), and its {@code note} which settings changed; it exports nothing
     * and leaves the watermark where it was.
     */
    DEFINITION_CHANGE
}
