package org.datasetexport.flows;

/** The state of one run of a flow. */
public enum RunStatus {
    /** Claimed for a slot, not started yet. */
    SCHEDULED,
    /** Writing. */
    RUNNING,
    /** Every file and the manifest are committed; the watermark moved to the run's cut-off. */
    SUCCEEDED,
    /** Failed; nothing it wrote remains and the watermark did not move. */
    FAILED,
    /** Stopped on request (flow cancelled or scheduler closed); nothing it wrote remains. */
    CANCELLED
}
