package org.datasetexport.flows.state;

import org.datasetexport.flows.FlowDefinition;
import java.time.Instant;
import org.datasetexport.ConfigurationException;
import org.datasetexport.flows.FlowStatus;
import org.datasetexport.flows.StateStore;

/**
 * A flow as a {@link StateStore} keeps it: its definition (JSON) and its state. Stores replace
 * it only with {@link StateStore#replace}, comparing {@code version}, so two schedulers sharing a
 * store never both claim the same slot. Immutable.
 *
 * <p>Build a new one with {@link #created}; every change is one named transition
 * ({@link #claimed}, {@link #renewed}, {@link #released}, {@link #withStatus}, {@link #resumedAt},
 * {@link #withDefinition}) that returns a copy with {@code version + 1}, ready for
 * {@code replace(this, copy)}.
 *
 * @param flowId the flow id
 * @param definitionJson the {@code FlowDefinition} as JSON
 * @param status active, paused or cancelled
 * @param createdAt when the flow was first started; without a schedule start, slots begin here
 * @param lastSlot the latest schedule slot already claimed by a run, or null
 * @param watermark the cut-off of the last successful run, or null before the first success
 * @param runningRunId the run in progress, or null
 * @param runningSince when that run was claimed, or null
 * @param leaseUntil until when the run's owner holds it: renewed while the run is alive; after
 *        it, another scheduler (or the same one restarted) takes the run over. Null when no run
 *        holds the flow, or for a claim written before leases existed
 * @param version incremented by every replace
 */
public record StoredFlow(String flowId, String definitionJson, FlowStatus status, Instant createdAt, Instant lastSlot,
                         Instant watermark, String runningRunId, Instant runningSince, Instant leaseUntil, long version) {

    /** Rejects nulls where a value is required. */
    public StoredFlow {
        ConfigurationException.requireNonNull(flowId, "flowId");
        ConfigurationException.requireNonNull(definitionJson, "definitionJson");
        ConfigurationException.requireNonNull(status, "status");
        ConfigurationException.requireNonNull(createdAt, "createdAt");
    }

    /**
     * @param flowId the flow id
     * @param definitionJson its definition as JSON
     * @param createdAt now
     * @return a new, active flow at version 0, with no slot claimed and no watermark
     */
    public static StoredFlow created(String flowId, String definitionJson, Instant createdAt) {
        return new StoredFlow(flowId, definitionJson, FlowStatus.ACTIVE, createdAt, null, null, null, null, null, 0);
    }

    /**
     * @param runId the run that now holds the flow
     * @param slot the slot it claims, or null for a manual run (the last slot is kept)
     * @param at when it was claimed
     * @param lease until when the claim holds unless renewed
     * @return the next version, marked running {@code runId}
     */
    public StoredFlow claimed(String runId, Instant slot, Instant at, Instant lease) {
        ConfigurationException.requireNonNull(runId, "runId");
        ConfigurationException.requireNonNull(at, "at");
        ConfigurationException.requireNonNull(lease, "lease");
        return new StoredFlow(flowId, definitionJson, status, createdAt, slot != null ? slot : lastSlot, watermark, runId,
                at, lease, version + 1);
    }

    /**
     * @param lease the renewed end of the running run's lease
     * @return the next version, with the lease extended
     */
    public StoredFlow renewed(Instant lease) {
        return new StoredFlow(flowId, definitionJson, status, createdAt, lastSlot, watermark, runningRunId, runningSince,
                ConfigurationException.requireNonNull(lease, "lease"), version + 1);
    }

    /**
     * @param newWatermark the successful run's cut-off, or null when the run failed (the watermark is kept)
     * @return the next version, no longer running
     */
    public StoredFlow released(Instant newWatermark) {
        return new StoredFlow(flowId, definitionJson, status, createdAt, lastSlot,
                newWatermark != null ? newWatermark : watermark, null, null, null, version + 1);
    }

    /**
     * @param newStatus the new status
     * @return the next version with that status
     */
    public StoredFlow withStatus(FlowStatus newStatus) {
        return new StoredFlow(flowId, definitionJson, ConfigurationException.requireNonNull(newStatus, "status"),
                createdAt, lastSlot, watermark, runningRunId, runningSince, leaseUntil, version + 1);
    }

    /**
     * @param skipTo the last slot to treat as done (slots missed while paused are skipped), or null
     * @return the next version, active again
     */
    public StoredFlow resumedAt(Instant skipTo) {
        return new StoredFlow(flowId, definitionJson, FlowStatus.ACTIVE, createdAt, skipTo != null ? skipTo : lastSlot,
                watermark, runningRunId, runningSince, leaseUntil, version + 1);
    }

    /**
     * @param newDefinitionJson the changed definition
     * @return the next version with that definition; watermark, slots and status carry over
     */
    public StoredFlow withDefinition(String newDefinitionJson) {
        return new StoredFlow(flowId, ConfigurationException.requireNonNull(newDefinitionJson, "definitionJson"), status,
                createdAt, lastSlot, watermark, runningRunId, runningSince, leaseUntil, version + 1);
    }
}
