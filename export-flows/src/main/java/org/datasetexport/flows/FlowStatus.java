package org.datasetexport.flows;

/** Whether a flow runs its slots. */
public enum FlowStatus {
    /** Runs each slot when due. */
    ACTIVE,
    /** Skips its slots; on resume it runs at the next slot, and its window still starts at the watermark, so no row is lost. */
    PAUSED,
    /** Never runs again. */
    CANCELLED
}
