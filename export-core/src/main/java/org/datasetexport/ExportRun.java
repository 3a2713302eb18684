package org.datasetexport;

import java.time.Instant;
import java.util.Optional;
import org.datasetexport.data.TimeWindow;

/**
 * One run of a flow, as kept in the run history. Immutable.
 *
 * <p>Runs are made by the named factories and transitions, not by the canonical constructor:
 * {@link #scheduled} when a slot is claimed, then {@link #running}, then {@link #succeeded} or
 * {@link #ended}; {@link #definitionChanged} records a changed flow definition in the history.
 *
 * @param runId the run id (a UUID; part of the run's file names)
 * @param flowId the flow
 * @param status where the run is
 * @param trigger why it ran
 * @param slotsCovered how many schedule slots the run covers (more than 1 for a catch-up; 0 for a manual run)
 * @param scheduledTime the (latest) slot it ran for, or when a manual run was asked for (whole
 *        seconds); gives {@code exportTime}
 * @param startedAt when it started
 * @param finishedAt when it ended, empty while running
 * @param window the ingestion-time window it exported; its end is the run's cut-off
 * @param records rows exported (the platform's outputRecordCount)
 * @param fileCount data files committed (outputFileCount)
 * @param bytes stored bytes of those files (outputBytes)
 * @param manifestPath the manifest, when written
 * @param error what went wrong, for a failed or cancelled run
 * @param note what else the history should say: for {@link RunTrigger#DEFINITION_CHANGE}, the
 *        settings that changed; for a run with a {@link Retention}, which earlier exports it removed
 *        (or could not)
 * @param schema the schema (the SDK's JSON form) of the files the run writes, after the policy;
 *        the next run compares its own with the last successful run's. Empty for history entries
 *        that export nothing and for runs recorded before schema tracking.
 * @param schemaChange how that schema differs from the last successful run's, when it does
 *        (recorded whatever the flow's {@link SchemaChangePolicy}; a refused run is FAILED with it)
 */
public record ExportRun(String runId, String flowId, RunStatus status, RunTrigger trigger, int slotsCovered,
                        Instant scheduledTime, Instant startedAt, Optional<Instant> finishedAt, TimeWindow window,
                        long records, long fileCount, long bytes, Optional<String> manifestPath,
                        Optional<String> error, Optional<String> note, Optional<String> schema,
                        Optional<SchemaChange> schemaChange) {

    /**
     * The run as recorded before schema tracking (no schema, no schema change); kept so code
     * that builds runs with the earlier fifteen components still compiles.
     *
     * @param runId see the record
     * @param flowId see the record
     * @param status see the record
     * @param trigger see the record
     * @param slotsCovered see the record
     * @param scheduledTime see the record
     * @param startedAt see the record
     * @param finishedAt see the record
     * @param window see the record
     * @param records see the record
     * @param fileCount see the record
     * @param bytes see the record
     * @param manifestPath see the record
     * @param error see the record
     * @param note see the record
     */
    public ExportRun(String runId, String flowId, RunStatus status, RunTrigger trigger, int slotsCovered,
                     Instant scheduledTime, Instant startedAt, Optional<Instant> finishedAt, TimeWindow window,
                     long records, long fileCount, long bytes, Optional<String> manifestPath,
                     Optional<String> error, Optional<String> note) {
        this(runId, flowId, status, trigger, slotsCovered, scheduledTime, startedAt, finishedAt, window, records, fileCount,
                bytes, manifestPath, error, note, Optional.empty(), Optional.empty());
    }

    /** Rejects nulls where a value is required. */
    public ExportRun {
        ConfigurationException.requireNonNull(runId, "runId");
        ConfigurationException.requireNonNull(flowId, "flowId");
        ConfigurationException.requireNonNull(status, "status");
        ConfigurationException.requireNonNull(trigger, "trigger");
        ConfigurationException.requireNonNull(scheduledTime, "scheduledTime");
        ConfigurationException.requireNonNull(startedAt, "startedAt");
        ConfigurationException.requireNonNull(window, "window");
        finishedAt = finishedAt == null ? Optional.empty() : finishedAt;
        manifestPath = manifestPath == null ? Optional.empty() : manifestPath;
        error = error == null ? Optional.empty() : error;
        note = note == null ? Optional.empty() : note;
        schema = schema == null ? Optional.empty() : schema;
        schemaChange = schemaChange == null ? Optional.empty() : schemaChange;
    }

    /**
     * @param text what else the history should say (what the flow's retention removed, say)
     * @return this run with that note
     */
    public ExportRun withNote(String text) {
        return new ExportRun(runId, flowId, status, trigger, slotsCovered, scheduledTime, startedAt, finishedAt, window,
                records, fileCount, bytes, manifestPath, error, Optional.ofNullable(text), schema, schemaChange);
    }

    /**
     * @param schemaJson the schema the run writes
     * @param change how it differs from the last successful run's, or null when it does not (or there was none)
     * @return this run with them recorded
     */
    public ExportRun withSchema(String schemaJson, SchemaChange change) {
        return new ExportRun(runId, flowId, status, trigger, slotsCovered, scheduledTime, startedAt, finishedAt, window,
                records, fileCount, bytes, manifestPath, error, note, Optional.ofNullable(schemaJson),
                Optional.ofNullable(change));
    }

    /**
     * A claimed run that has not started yet.
     *
     * @param runId the run id
     * @param flowId the flow
     * @param trigger why it runs
     * @param slotsCovered slots it covers (0 for a manual run)
     * @param scheduledTime the slot, or when a manual run was asked for
     * @param claimedAt when it was claimed
     * @param window the window fixed at claim time
     * @return a {@link RunStatus#SCHEDULED} run with nothing exported yet
     */
    public static ExportRun scheduled(String runId, String flowId, RunTrigger trigger, int slotsCovered,
                                      Instant scheduledTime, Instant claimedAt, TimeWindow window) {
        return new ExportRun(runId, flowId, RunStatus.SCHEDULED, trigger, slotsCovered, scheduledTime, claimedAt,
                Optional.empty(), window, 0, 0, 0, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * A history entry for a changed flow definition (see {@link RunTrigger#DEFINITION_CHANGE}).
     *
     * @param runId a fresh id for the entry
     * @param flowId the flow
     * @param at when the definition changed
     * @param watermark the flow's watermark, unchanged by the change, or null before the first success
     * @param changes what changed, for example {@code compression NONE -> GZIP}
     * @return a finished entry that exported nothing
     */
    public static ExportRun definitionChanged(String runId, String flowId, Instant at, Instant watermark, String changes) {
        TimeWindow window = watermark == null ? TimeWindow.upTo(at) : TimeWindow.between(watermark, watermark);
        return new ExportRun(runId, flowId, RunStatus.SUCCEEDED, RunTrigger.DEFINITION_CHANGE, 0, at, at,
                Optional.of(at), window, 0, 0, 0, Optional.empty(), Optional.empty(), Optional.of(changes));
    }

    /**
     * @param at when the export started
     * @param runWindow the window it reads (the source's clock may have moved the cut-off)
     * @return this run as {@link RunStatus#RUNNING}
     */
    public ExportRun running(Instant at, TimeWindow runWindow) {
        return new ExportRun(runId, flowId, RunStatus.RUNNING, trigger, slotsCovered, scheduledTime, at, Optional.empty(),
                runWindow, 0, 0, 0, Optional.empty(), Optional.empty(), note, schema, schemaChange);
    }

    /**
     * @param result what the export wrote
     * @param at when it finished
     * @return this run as {@link RunStatus#SUCCEEDED}, with the result's counts and manifest
     */
    public ExportRun succeeded(ExportResult result, Instant at) {
        return new ExportRun(runId, flowId, RunStatus.SUCCEEDED, trigger, slotsCovered, scheduledTime, startedAt,
                Optional.of(at), window, result.records(), result.files().size(), result.bytes(), result.manifestPath(),
                Optional.empty(), note, schema, schemaChange);
    }

    /**
     * @param endStatus {@link RunStatus#FAILED} or {@link RunStatus#CANCELLED}
     * @param at when it ended
     * @param why what went wrong
     * @return this run ended with nothing exported (a failed run leaves nothing behind)
     */
    public ExportRun ended(RunStatus endStatus, Instant at, String why) {
        ConfigurationException.check(endStatus == RunStatus.FAILED || endStatus == RunStatus.CANCELLED,
                "a run ends FAILED or CANCELLED, not %s", endStatus);
        return new ExportRun(runId, flowId, endStatus, trigger, slotsCovered, scheduledTime, startedAt, Optional.of(at),
                window, 0, 0, 0, Optional.empty(), Optional.ofNullable(why), note, schema, schemaChange);
    }
}
