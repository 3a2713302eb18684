package org.datasetexport.flows;

import org.datasetexport.ConfigurationException;
import org.datasetexport.ExportBuilder;
import org.datasetexport.ExportException;
import org.datasetexport.flows.service.ExportService;
import org.datasetexport.ExportPreview;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A scheduled export, started with {@code ExportBuilder.start(scheduler)} or
 * {@code ExportService.createFlow(...)}. Its state and history live in the scheduler's
 * {@link StateStore}, so they survive restarts. Thread-safe.
 */
public interface ExportFlow {

    /** @return the flow's stable id */
    String id();

    /** @return what the flow does */
    FlowDefinition definition();

    /** @return active, paused or cancelled */
    FlowStatus status();

    /**
     * @return the cut-off of the last successful run: the next incremental run exports rows
     *         ingested after it; empty before the first success
     */
    Optional<Instant> watermark();

    /** @return the next slot that will run (in the future or already due), empty when the schedule has ended */
    Optional<Instant> nextRunAt();

    /** @return the run history, newest first (at most the latest 1,000 runs; page with {@link #runs(int, int)}) */
    default List<ExportRun> runs() {
        return runs(0, 1000);
    }

    /**
     * @param offset runs to skip, newest first
     * @param limit at most this many
     * @return a page of the run history, newest first
     */
    List<ExportRun> runs(int offset, int limit);

    /**
     * Runs the flow now, in the calling thread, outside its schedule (trigger {@link RunTrigger#MANUAL}).
     *
     * @return the finished run (SUCCEEDED, FAILED or CANCELLED); failures are recorded, not thrown
     * @throws ExportException when a run of this flow is already in progress
     */
    ExportRun runNow();

    /** Stops running slots until {@link #resume()}; a run in progress finishes. */
    void pause();

    /** Runs again from the next slot; the next window still starts at the watermark, so no row is lost. */
    void resume();

    /** Stops the flow for good and cancels a run in progress (recorded CANCELLED, nothing left behind). */
    void cancel();

    /**
     * Removes what a failed, cancelled or abandoned run left in the destination: its data files
     * (found by the run id in their names) and a manifest, if it wrote one. Takeovers of crashed
     * runs do this by themselves; this is for an operator who wants it now.
     *
     * @param runId a run of this flow's history that did not succeed
     * @return how many files were removed
     * @throws ConfigurationException when the run is unknown, succeeded (its files are the export),
     *         or is still running
     */
    default int cleanupRun(String runId) {
        throw new UnsupportedOperationException(getClass().getName() + " does not implement cleanupRun");
    }

    /**
     * What the flow's next run would do, without running it: the window it would export (from
     * the watermark to the next slot, or to now when a slot is already due, minus the incremental
     * lag; a database source's own clock may move the cut-off a little when the run starts), the
     * folder and example file names, the splits, the schema after the policy, and the
     * destination's check. Reads no row, writes nothing, changes no state.
     *
     * @return the preview
     * @throws ConfigurationException or {@link org.datasetexport.policy.PolicyViolationException}
     *         when the run would be refused before reading
     */
    default ExportPreview dryRun() {
        throw new UnsupportedOperationException(getClass().getName() + " does not implement dryRun");
    }
}
