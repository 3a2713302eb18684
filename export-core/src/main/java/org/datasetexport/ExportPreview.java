package org.datasetexport;

import java.util.List;
import java.util.Optional;
import org.datasetexport.data.Schema;
import org.datasetexport.data.TimeWindow;
import org.datasetexport.policy.FieldAction;

/**
 * What an export would do, from {@link ExportBuilder#dryRun()} or {@code ExportFlow.dryRun()} (export-flows):
 * worked out with every check the run makes before it reads (policy, format against schema and
 * compression, destination settings, the dataset's split planning), without reading a row or
 * writing a file. The destination's {@code check()} is run and its outcome reported here rather
 * than thrown, so one preview shows every problem it can see. Immutable.
 *
 * <pre>{@code
 * ExportPreview preview = DatasetExport.from(dataset).to("s3://bucket/crm").format("parquet").dryRun();
 * System.out.println(preview);          // folder, example files, splits, schema, policy, check
 * if (preview.destinationProblem().isEmpty()) { ... run() ... }
 * }</pre>
 *
 * @param datasetId the dataset
 * @param destinationId the destination's id (bucket and prefix, never credentials)
 * @param destinationType the destination's kind ({@code s3}, {@code file}, ...)
 * @param format the format's name
 * @param compression the compression
 * @param runFolder the folder the run would write, relative to the destination root
 * @param exampleFiles the paths of the first data file of up to three splits, with an example run
 *        id (each run has its own); more files follow when files roll by size or records
 * @param manifestPath where the manifest would go (with the example run id), when manifests are on
 * @param splits how many splits the dataset planned for this window and parallelism
 * @param parallelism workers the run would use
 * @param schema the schema the files would have: after the policy's dropped and hashed fields
 * @param fieldActions what the policy does to fields (empty without a policy or without actions)
 * @param policyApplied whether a policy was evaluated (a denial is thrown, as by {@code run()})
 * @param window the ingestion-time window the run would export
 * @param destinationProblem the destination {@code check()}'s failure, empty when it passed
 * @param partitions the partitioned layout (checked against the schema), empty when unpartitioned
 */
public record ExportPreview(String datasetId, String destinationId, String destinationType, String format,
                            Compression compression, String runFolder, List<String> exampleFiles,
                            Optional<String> manifestPath, int splits, int parallelism, Schema schema,
                            List<FieldAction> fieldActions, boolean policyApplied, TimeWindow window,
                            Optional<String> destinationProblem, List<Partition> partitions) {

    /** Copies the lists; rejects nulls. */
    public ExportPreview {
        ConfigurationException.requireNonNull(datasetId, "datasetId");
        ConfigurationException.requireNonNull(runFolder, "runFolder");
        ConfigurationException.requireNonNull(schema, "schema");
        ConfigurationException.requireNonNull(window, "window");
        exampleFiles = List.copyOf(exampleFiles);
        fieldActions = List.copyOf(fieldActions);
        partitions = List.copyOf(partitions);
        manifestPath = ConfigurationException.requireNonNull(manifestPath, "manifestPath");
        destinationProblem = ConfigurationException.requireNonNull(destinationProblem, "destinationProblem");
    }

    /** @return whether the destination's check passed */
    public boolean destinationReady() {
        return destinationProblem.isEmpty();
    }

    /** @return a multi-line description for people (a CLI's {@code --dry-run}, a log line) */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        out.append("dry run of dataset ").append(datasetId).append(" → ").append(destinationType).append(' ')
                .append(destinationId).append('\n');
        out.append("  format ").append(format).append(", compression ").append(compression).append(", ")
                .append(splits).append(" split(s), parallelism ").append(parallelism).append('\n');
        out.append("  window ").append(window).append('\n');
        out.append("  folder ").append(runFolder).append('\n');
        if (!partitions.isEmpty()) {
            out.append("  partitioned by ").append(partitions).append('\n');
        }
        for (String f : exampleFiles) {
            out.append("  file   ").append(f).append('\n');
        }
        manifestPath.ifPresent(m -> out.append("  manifest ").append(m).append('\n'));
        out.append("  schema ").append(schema.asStruct().displayName()).append('\n');
        if (policyApplied) {
            out.append("  policy allowed").append(fieldActions.isEmpty() ? "" : ", field actions " + fieldActions).append('\n');
        }
        out.append("  destination check ").append(destinationProblem.map(p -> "FAILED: " + p).orElse("passed"));
        return out.toString();
    }
}
