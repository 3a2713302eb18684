package org.datasetexport.spark;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.datasetexport.Compression;
import org.datasetexport.ConfigurationException;
import org.datasetexport.EmptyOutput;
import org.datasetexport.ExportException;
import org.datasetexport.ExportResult;
import org.datasetexport.DestinationSpec;
import org.datasetexport.ExportSettings;
import org.datasetexport.Partition;
import org.datasetexport.data.Datasets;
import org.datasetexport.data.Schema;
import org.datasetexport.data.TimeWindow;
import org.datasetexport.engine.ExportPlan;
import org.datasetexport.engine.ExportRunner;
import org.datasetexport.engine.FormatCheck;
import org.datasetexport.engine.PartitionLayout;
import org.datasetexport.engine.TaskFiles;
import org.datasetexport.engine.FileNames;
import org.datasetexport.engine.ProviderRegistry;
import org.datasetexport.spi.Destination;
import org.datasetexport.spi.Format;
import org.datasetexport.spi.StoragePaths;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exports a Spark DataFrame the way {@code DatasetExport} exports a dataset — same formats,
 * destinations, folder layout, file names and manifest — with the writing done by Spark tasks:
 *
 * <pre>{@code
 * ExportResult result = SparkExport.from(spark.table("events"))
 *         .datasetId("events")
 *         .to("s3://lake/exports", Map.of("region", "eu-west-1"))
 *         .folder("nightly").format("parquet").compression(Compression.ZSTD).manifest(true)
 *         .run();
 * }</pre>
 *
 * <p>Each Spark partition is written by one task through the SDK's {@code Format} and
 * {@code Destination}, found on the executor with the task's context class loader (so every
 * destination and format on the job's classpath works on a cluster), and committed there; the
 * driver then publishes: it waits until no attempt of the run's job runs any more, keeps exactly
 * one attempt's files per partition (the one Spark returned), deletes every other file of the run
 * (failed, retried or speculative attempts), and writes the manifest last. A failed job leaves
 * nothing. File names are the core's ({@code part-<partition>-<run>-c<seq>}); a retried attempt
 * numbers its files from {@code attempt × 100000}.
 *
 * <p>Settings: those of {@link ExportSettings} that shape the files — folder, format and its
 * options, compression, manifest, max file size and records, success marker, empty output,
 * partitions and max open files. Parallelism is Spark's (one task per partition; repartition the
 * DataFrame to change it). The schema comes from the DataFrame ({@link SparkSchemas}); a column
 * of a type the SDK cannot hold is refused by name before any task runs. Not thread-safe; one
 * builder per run.
 */
public final class SparkExport {
    private static final Logger LOG = LoggerFactory.getLogger(SparkExport.class);

    private final Dataset<Row> dataFrame;
    private ExportSettings.Builder settings = ExportSettings.builder();
    private String datasetId;
    private String uri;
    private Map<String, String> options = Map.of();
    private String flowId;
    private Clock clock = Clock.systemUTC();
    private TaskHook afterTaskCommit;

    private SparkExport(Dataset<Row> dataFrame) {
        this.dataFrame = dataFrame;
    }

    /**
     * @param dataFrame the rows to export; its schema is the export's
     * @return a builder
     */
    public static SparkExport from(Dataset<Row> dataFrame) {
        return new SparkExport(ConfigurationException.requireNonNull(dataFrame, "dataFrame"));
    }

    /**
     * @param id the dataset id in paths and the manifest (required)
     * @return this builder
     */
    public SparkExport datasetId(String id) {
        this.datasetId = StoragePaths.requireValidSegment(id, "datasetId");
        return this;
    }

    /**
     * @param destinationUri {@code s3://bucket/prefix}, {@code gs://…}, {@code abfss://…}, {@code file:///…}, …
     * @return this builder
     */
    public SparkExport to(String destinationUri) {
        return to(destinationUri, Map.of());
    }

    /**
     * @param destinationUri the destination URI
     * @param destinationOptions the destination's options (credentials among them: they travel to
     *        the executors with the tasks and are never printed)
     * @return this builder
     */
    public SparkExport to(String destinationUri, Map<String, String> destinationOptions) {
        this.uri = ConfigurationException.requireNonNull(destinationUri, "destinationUri");
        this.options = Map.copyOf(ConfigurationException.requireNonNull(destinationOptions, "destinationOptions"));
        return this;
    }

    /**
     * Takes every file-shaping setting of {@code value} (see the class comment); a setting Spark
     * runs cannot honour (parallelism other than the default, retention, encryption, a purpose,
     * incremental mode) is refused by name when {@link #run()} is called.
     *
     * @param value the settings
     * @return this builder
     */
    public SparkExport settings(ExportSettings value) {
        ConfigurationException.requireNonNull(value, "settings");
        refuseUnsupported(value);
        settings = value.toBuilder(); // every setting, so one added later is not dropped on the way
        return this;
    }

    /** @param folder folder under the destination root; @return this builder */
    public SparkExport folder(String folder) {
        settings.folder(folder);
        return this;
    }

    /** @param name {@code json}, {@code parquet}, {@code csv} or any format on the classpath; @return this builder */
    public SparkExport format(String name) {
        settings.format(name);
        return this;
    }

    /**
     * @param name the format
     * @param formatOptions its options ({@code row-group-size}, …)
     * @return this builder
     */
    public SparkExport format(String name, Map<String, String> formatOptions) {
        settings.format(name).formatOptions(formatOptions);
        return this;
    }

    /** @param compression the codec; @return this builder */
    public SparkExport compression(Compression compression) {
        settings.compression(compression);
        return this;
    }

    /** @param manifest whether to write a manifest last; @return this builder */
    public SparkExport manifest(boolean manifest) {
        settings.manifest(manifest);
        return this;
    }

    /** @param bytes roll a task's file at about this size; @return this builder */
    public SparkExport maxFileSize(long bytes) {
        settings.maxFileSize(bytes);
        return this;
    }

    /** @param records roll a task's file after this many records; @return this builder */
    public SparkExport maxRecordsPerFile(long records) {
        settings.maxRecordsPerFile(records);
        return this;
    }

    /** @param marker whether to write an empty {@code _SUCCESS} after the manifest; @return this builder */
    public SparkExport successMarker(boolean marker) {
        settings.successMarker(marker);
        return this;
    }

    /** @param partitions Hive-style partition directories, as {@code ExportBuilder.partitionBy}; @return this builder */
    public SparkExport partitionBy(Partition... partitions) {
        settings.partitions(java.util.Arrays.asList(org.datasetexport.ConfigurationException.requireNonNull(partitions, "partitions")));
        return this;
    }

    /** @param id the flow id the manifest records (default: derived from dataset, destination and folder, as the core does); @return this builder */
    public SparkExport flowId(String id) {
        this.flowId = StoragePaths.requireValidSegment(id, "flowId");
        return this;
    }

    /** @param value decides the run's time and {@code exportTime=} folder (a test seam); @return this builder */
    public SparkExport clock(Clock value) {
        this.clock = ConfigurationException.requireNonNull(value, "clock");
        return this;
    }

    /** Test seam: runs in every task after it committed its files. */
    SparkExport afterTaskCommit(TaskHook hook) {
        this.afterTaskCommit = hook;
        return this;
    }

    private static void refuseUnsupported(ExportSettings s) {
        ExportSettings d = ExportSettings.defaults();
        ConfigurationException.check(s.parallelism() == d.parallelism(),
                "parallelism on Spark is the DataFrame's partitions: repartition it instead of setting parallelism %d", s.parallelism());
        ConfigurationException.check(s.retention().isEmpty(), "retention is not supported by SparkExport yet");
        ConfigurationException.check(s.encryption().isEmpty(), "encryption is not supported by SparkExport yet");
        ConfigurationException.check(s.purpose().isEmpty(), "a purpose (export policies) is not supported by SparkExport yet");
        ConfigurationException.check(s.mode() == d.mode(), "mode %s applies to flows; a SparkExport run exports the whole DataFrame", s.mode());
    }

    /**
     * Runs the export as one Spark job and publishes it.
     *
     * @return what was exported: the files of the chosen attempts, records, bytes, manifest path
     * @throws ConfigurationException before any task runs: no dataset id or destination, a column
     *         type the SDK cannot hold, a format that cannot write the schema or compression
     * @throws ExportException when the job fails; every file of the run has then been deleted
     */
    public ExportResult run() {
        ConfigurationException.check(datasetId != null, "datasetId(…) is required: it names the export's folder and manifest");
        ConfigurationException.check(uri != null, "no destination: call to(uri) or to(uri, options) before run()");
        Schema schema = SparkSchemas.toSchema(dataFrame.schema());
        ExportSettings resolved = settings.build();
        refuseUnsupported(resolved);
        org.datasetexport.data.Dataset described = Datasets.of(datasetId, schema, List.of());
        ProviderRegistry registry = ProviderRegistry.instance();
        Format format = registry.format(resolved.format(), resolved.formatOptions());
        FormatCheck.require(format, resolved.compression(), described);
        PartitionLayout.of(resolved.partitions(), schema, datasetId);
        long started = System.nanoTime();
        Destination destination = registry.destination(uri, options);
        try {
            String folder = resolved.folder();
            String resolvedFlowId = flowId != null ? flowId : StoragePaths.sanitizeSegment(
                    datasetId + "-" + destination.id() + (folder.isEmpty() ? "" : "-" + folder));
            ExportPlan plan = new ExportPlan(resolved, described, destination, DestinationSpec.of(uri, options), true, format,
                    null, List.of(), null, clock,
                    resolvedFlowId);
            String runId = UUID.randomUUID().toString();
            Instant now = clock.instant();
            TimeWindow window = TimeWindow.upTo(now);
            String runFolder = FileNames.runFolder(folder, datasetId, FileNames.exportTime(now));
            TaskSpec spec = new TaskSpec(uri, options, datasetId, schema, resolvedFlowId, runId, now, now, resolved, afterTaskCommit);
            List<TaskFile> reported = SparkJob.run(dataFrame, spec, destination, runFolder);
            List<org.datasetexport.ExportedFile> files = new ArrayList<>();
            reported.stream().sorted(Comparator.comparing(TaskFile::path)).forEach(f -> files.add(f.exported()));
            try {
                if (files.isEmpty() && resolved.emptyOutput() == EmptyOutput.WRITE_EMPTY_FILE) {
                    // no task wrote a row: the driver writes the one empty file a local run would
                    files.add(TaskFiles.open(plan, runId, now, window, 0, 0).commitEmptyFile());
                }
                ExportResult result = ExportRunner.publish(plan, runId, now, window, files, Duration.ofNanos(System.nanoTime() - started));
                LOG.info("Spark export run {} of {} to {}/{}: {} record(s), {} file(s), {} byte(s) in {}", runId, datasetId,
                        destination.id(), runFolder, result.records(), result.files().size(), result.bytes(), result.duration());
                return result;
            } catch (RuntimeException e) {
                ExportException error = new ExportException("Spark export run " + runId + " of dataset \"" + datasetId
                        + "\" failed while publishing: " + e.getMessage(), e);
                SparkJob.removeRunFiles(destination, runFolder, runId, Set.of(), error);
                throw error;
            }
        } finally {
            destination.close();
        }
    }

    @Override
    public String toString() {
        Map<String, String> shown = new LinkedHashMap<>();
        options.keySet().forEach(k -> shown.put(k, "***"));
        return "SparkExport[" + datasetId + " to " + (uri == null ? null : org.datasetexport.spi.UriRedaction.redact(uri)) + " " + shown + "]";
    }
}
