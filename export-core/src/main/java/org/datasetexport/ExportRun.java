package org.datasetexport;

import java.time.Instant;
import java.util.Optional;
import org.datasetexport.data.TimeWindow;

/**
 * One run of a flow, as kept in the run history. Immutable.
 *
 * @param runId the run id (a UUID; part of the run's file names)
 * @param flowId the flow
 * @param status where the run is
 * @param trigger why it ran
 * @param slotsCovered how many schedule slots the run covers (more than 1 for a catch-up; 0 for a manual run)
 * @param scheduledTime the (latest) slot it ran for, or when a manual run was asked for; gives {@code exportTime}
 * @param startedAt when it started
 * @param finishedAt when it ended, empty while running
 * @param window the ingestion-time window it exported; its end is the run's cut-off
 * @param records rows exported (the platform's outputRecordCount)
 * @param fileCount data files committed (outputFileCount)
 * @param bytes stored bytes of those files (outputBytes)
 * @param manifestPath the manifest, when written
 * @param error what went wrong, for a failed or cancelled run
 */
public record ExportRun(String runId, String flowId, RunStatus status, RunTrigger trigger, int slotsCovered,
                        Instant scheduledTime, Instant startedAt, Optional<Instant> finishedAt, TimeWindow window,
                        long records, long fileCount, long bytes, Optional<String> manifestPath,
                        Optional<String> error) {

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
    }
}
