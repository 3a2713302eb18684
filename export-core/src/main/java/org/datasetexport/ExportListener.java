package org.datasetexport;

import java.time.Instant;

/**
 * Receives the events of a run. All methods default to doing nothing. The engine calls a listener
 * from its worker threads but never concurrently (calls are serialized), so implementations need
 * no locking. An exception thrown by a listener is logged and otherwise ignored: it never fails an
 * export.
 */
public interface ExportListener {

    /**
     * The run has planned its splits and starts writing.
     *
     * @param event run id, dataset, destination, export time and split count
     */
    default void runStarted(RunStarted event) {
    }

    /**
     * A data file was committed (it is visible under its final name).
     *
     * @param file path, size and records
     */
    default void fileCommitted(ExportedFile file) {
    }

    /**
     * Progress, at least every {@value ExportListener#PROGRESS_EVERY_RECORDS} records and at each
     * committed file.
     *
     * @param event totals so far
     */
    default void progress(Progress event) {
    }

    /**
     * The run succeeded: every file and the manifest are committed.
     *
     * @param result what was exported
     */
    default void runFinished(ExportResult result) {
    }

    /**
     * The run failed; whatever it had committed has been deleted.
     *
     * @param event the run id and the error that is thrown to the caller
     */
    default void runFailed(RunFailed event) {
    }

    /**
     * A flow run found its dataset's schema (after the policy) differs from the one the flow's last
     * successful run wrote; told before the run reads, whatever the flow's
     * {@link SchemaChangePolicy}.
     *
     * @param event the flow, the run, the change and whether the policy refused the run
     */
    default void schemaChanged(SchemaChanged event) {
    }

    /**
     * @param flowId the flow
     * @param runId the run that found the change
     * @param change fields added, removed, retyped or with changed nullability, by path
     * @param policy the flow's policy
     * @param refused whether the policy refused the run (it is then recorded FAILED and writes nothing)
     */
    record SchemaChanged(String flowId, String runId, SchemaChange change, SchemaChangePolicy policy, boolean refused) {
    }

    /** Records between two progress events of one worker. */
    int PROGRESS_EVERY_RECORDS = 10_000;

    /**
     * @param runId the run id
     * @param datasetId the dataset
     * @param destinationId the destination's id
     * @param scheduledTime the run's scheduled time
     * @param exportTime the {@code exportTime=} folder value
     * @param splits how many splits the run reads
     * @param flowId the flow's id (a one-off run's is the one its manifest records)
     * @param format the format's name ({@code json}, {@code parquet}, {@code csv})
     * @param destinationType the kind of destination, not its address: {@code Destination.type()}
     *                        ({@code s3}, {@code gcs}, {@code file}, {@code memory}, …: a bounded set, fit for metric tags)
     */
    record RunStarted(String runId, String datasetId, String destinationId, Instant scheduledTime,
                      String exportTime, int splits, String flowId, String format, String destinationType) {
        /**
         * The event without flow id, format and destination type (null), as listeners' tests built it before those were added.
         *
         * @param runId the run id
         * @param datasetId the dataset id
         * @param destinationId the destination's id
         * @param scheduledTime the run's scheduled time
         * @param exportTime the {@code exportTime=} folder value
         * @param splits how many splits the run reads
         */
        public RunStarted(String runId, String datasetId, String destinationId, Instant scheduledTime, String exportTime, int splits) {
            this(runId, datasetId, destinationId, scheduledTime, exportTime, splits, null, null, null);
        }
    }

    /**
     * @param runId the run id
     * @param records rows written so far, committed or not
     * @param bytes bytes written so far, committed or not
     * @param files files committed so far
     */
    record Progress(String runId, long records, long bytes, int files) {
    }

    /**
     * @param runId the run id
     * @param error the exception thrown to the caller
     */
    record RunFailed(String runId, ExportException error) {
    }
}
