package org.datasetexport;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.datasetexport.data.TimeWindow;

/**
 * What a successful run exported. Immutable.
 *
 * @param runId the run id, a random UUID; part of every file name
 * @param datasetId the dataset exported
 * @param scheduledTime the run's scheduled time (for a one-off run, when it started), UTC
 * @param exportTime {@code scheduledTime} as {@code yyyyMMddHHmm}, the {@code exportTime=} folder value
 * @param files the committed data files, ordered by path
 * @param records rows exported (the platform's outputRecordCount)
 * @param bytes stored bytes of all data files (outputBytes)
 * @param manifestPath the manifest's path, when {@code manifest(true)}
 * @param window the ingestion-time window the run selected
 * @param duration how long the run took
 */
public record ExportResult(String runId, String datasetId, Instant scheduledTime, String exportTime,
                           List<ExportedFile> files, long records, long bytes,
                           Optional<String> manifestPath, TimeWindow window, Duration duration) {

    /** Copies the file list. */
    public ExportResult {
        files = List.copyOf(files);
    }
}
