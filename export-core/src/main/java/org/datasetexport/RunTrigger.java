package org.datasetexport;

/** Why a run happened. */
public enum RunTrigger {
    /** Its slot came due. */
    SCHEDULED,
    /** Several slots were missed (the app was down or a run took longer); one run covers them all. */
    CATCH_UP,
    /** {@code runNow()}. */
    MANUAL
}
