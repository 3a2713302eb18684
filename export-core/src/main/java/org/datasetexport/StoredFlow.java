package org.datasetexport;

import java.time.Instant;

/**
 * A flow as a {@link StateStore} keeps it: its definition (JSON) and its state. Stores replace
 * it only with {@link StateStore#replace}, comparing {@code version}, so two schedulers sharing a
 * store never both claim the same slot. Immutable.
 *
 * @param flowId the flow id
 * @param definitionJson the {@link FlowDefinition} as JSON
 * @param status active, paused or cancelled
 * @param createdAt when the flow was first started; without a schedule start, slots begin here
 * @param lastSlot the latest schedule slot already claimed by a run, or null
 * @param watermark the cut-off of the last successful run, or null before the first success
 * @param runningRunId the run in progress, or null
 * @param runningSince when that run was claimed, or null
 * @param version incremented by every replace
 */
public record StoredFlow(String flowId, String definitionJson, FlowStatus status, Instant createdAt, Instant lastSlot,
                         Instant watermark, String runningRunId, Instant runningSince, long version) {

    /** Rejects nulls where a value is required. */
    public StoredFlow {
        ConfigurationException.requireNonNull(flowId, "flowId");
        ConfigurationException.requireNonNull(definitionJson, "definitionJson");
        ConfigurationException.requireNonNull(status, "status");
        ConfigurationException.requireNonNull(createdAt, "createdAt");
    }

    /**
     * @param definition the new definition JSON
     * @param newStatus the new status
     * @param newLastSlot the new last slot
     * @param newWatermark the new watermark
     * @param newRunningRunId the new running run, or null
     * @param newRunningSince when it was claimed, or null
     * @return a copy with these values and {@code version + 1}
     */
    public StoredFlow next(String definition, FlowStatus newStatus, Instant newLastSlot, Instant newWatermark,
                           String newRunningRunId, Instant newRunningSince) {
        return new StoredFlow(flowId, definition, newStatus, createdAt, newLastSlot, newWatermark, newRunningRunId,
                newRunningSince, version + 1);
    }
}
