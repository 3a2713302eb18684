package org.datasetexport.spark;

import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.datasetexport.ConfigurationException;
import org.datasetexport.ExportException;
import org.datasetexport.spi.Destination;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver's side of one export job (shared by {@link SparkExport} and {@link SparkDataset}):
 * runs the tasks in a job group of the run, waits until no attempt of it runs, keeps the files of
 * the attempts Spark returned and removes every other file of the run — or all of them when the
 * job failed.
 */
final class SparkJob {
    private static final Logger LOG = LoggerFactory.getLogger(SparkJob.class);
    /** How long the driver waits for lost attempts to end before it publishes or rolls back anyway. */
    private static final Duration IDLE_TIMEOUT = Duration.ofMinutes(5);

    private SparkJob() {
    }

    /**
     * Runs one export job over {@code dataFrame} and returns the files of the kept attempts, after
     * every other file of the run was removed; on failure removes every file of the run and throws.
     */
    static List<TaskFile> run(Dataset<Row> dataFrame, TaskSpec spec, Destination destination, String runFolder) {
        String datasetId = spec.datasetId;
        SparkContext sc = dataFrame.sparkSession().sparkContext();
        String group = "datasetexport-" + spec.runId;
        ActiveTasks tracker = new ActiveTasks(group);
        sc.addSparkListener(tracker);
        try {
            List<TaskFile> reported;
            sc.setJobGroup(group, "datasetexport run " + spec.runId + " of " + datasetId, true);
            try {
                reported = dataFrame.javaRDD().mapPartitionsWithIndex(new WritePartition(spec), false).collect();
            } catch (Exception e) { // SparkException is checked in Java's eyes yet thrown by collect()
                ExportException error = new ExportException("Spark export run " + spec.runId + " of dataset \"" + datasetId
                        + "\" failed: " + cause(e), e);
                awaitIdle(tracker, 1, error);
                removeRunFiles(destination, runFolder, spec.runId, Set.of(), error);
                LOG.warn("Spark export run {} of dataset {} failed, everything it wrote was removed: {}", spec.runId, datasetId,
                        error.getMessage());
                throw error;
            } finally {
                sc.clearJobGroup();
            }
            ExportException lost = new ExportException("Spark export run " + spec.runId + ": removing files of lost attempts");
            awaitIdle(tracker, 1, lost);
            Set<String> chosen = new HashSet<>();
            reported.forEach(f -> chosen.add(f.path()));
            int removed = removeRunFiles(destination, runFolder, spec.runId, chosen, lost);
            if (lost.getSuppressed().length > 0) {
                throw lost;
            }
            if (removed > 0) {
                LOG.info("Spark export run {}: removed {} file(s) of failed or speculative attempts", spec.runId, removed);
            }
            return reported;
        } finally {
            sc.removeSparkListener(tracker);
        }
    }

    private static void awaitIdle(ActiveTasks tracker, int minJobs, ExportException onTimeout) {
        try {
            if (!tracker.awaitIdle(minJobs, IDLE_TIMEOUT)) {
                LOG.warn("{} task attempt(s) still reported running after {}; cleaning up anyway", tracker.running(), IDLE_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            onTimeout.addSuppressed(e);
        }
    }

    /**
     * Deletes every file of this run under its folder (data files named with the run id, its
     * manifest and any {@code _SUCCESS} it wrote are found by the run id) except {@code keep}.
     *
     * @return how many were deleted; failures are attached to {@code failure}
     */
    static int removeRunFiles(Destination destination, String runFolder, String runId, Set<String> keep,
                                      ExportException failure) {
        List<String> listed;
        try {
            listed = destination.list(runFolder + "/");
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
            return 0;
        }
        int removed = 0;
        for (String path : listed) {
            String name = path.substring(path.lastIndexOf('/') + 1);
            if (!keep.contains(path) && name.contains(runId)) {
                try {
                    destination.delete(path);
                    removed++;
                } catch (IOException | RuntimeException e) {
                    failure.addSuppressed(e);
                }
            }
        }
        return removed;
    }

    /** The SDK's own message when a task failed with one (Spark wraps it in its job-abort text), else Spark's first line. */
    static String cause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ExportException || t instanceof ConfigurationException) {
                return t.getMessage();
            }
        }
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

}
