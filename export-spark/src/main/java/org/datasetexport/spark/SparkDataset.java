package org.datasetexport.spark;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.TimestampType;
import org.datasetexport.ConfigurationException;
import org.datasetexport.ExportedFile;
import org.datasetexport.data.RowReader;
import org.datasetexport.data.ScanRequest;
import org.datasetexport.data.Schema;
import org.datasetexport.data.Split;
import org.datasetexport.engine.FileNames;
import org.datasetexport.engine.ProviderRegistry;
import org.datasetexport.spi.Destination;
import org.datasetexport.spi.DistributedDataset;
import org.datasetexport.spi.DistributedRun;
import org.datasetexport.spi.StoragePaths;

/**
 * A Spark table or DataFrame as a dataset of flows and one-off runs: every run becomes a Spark job
 * over the run's window, pushed down as a filter on the ingestion-time column, written by tasks
 * and published by the SDK (manifest last, watermark moved only after success) — so schedules,
 * {@code FIRST_FULL_THEN_INCREMENTAL}, catch-up runs and the run history work as for any dataset.
 *
 * <pre>{@code
 * SparkDataset events = SparkDataset.table(spark, "lake.events", "ingested_at");
 * DatasetExport.from(events).to("s3://exports/events", options).format("parquet").manifest(true)
 *         .schedule(Schedule.everyHours(1)).mode(ExportMode.FIRST_FULL_THEN_INCREMENTAL)
 *         .start(scheduler);
 * }</pre>
 *
 * <p>The window is {@code (from, to]} on the ingestion column; a full run also takes the rows whose
 * ingestion time is null. The destination must be given as a URI with options (the executors
 * rebuild it from them). The frame is asked for again at every run ({@code spark.table} sees the
 * table's newest data). Its rows are never read one by one on the driver: a policy that transforms
 * fields, or anything else that would read them that way, is refused.
 */
public final class SparkDataset implements DistributedDataset {
    private static final Split WHOLE = () -> "the window, as one Spark job";

    private final String id;
    private final Supplier<Dataset<Row>> frames;
    private final String ingestionColumn;
    private final Schema schema;
    private volatile TaskHook afterTaskCommit;

    private SparkDataset(String id, Supplier<Dataset<Row>> frames, String ingestionColumn) {
        this.id = StoragePaths.requireValidSegment(id, "dataset id");
        this.frames = frames;
        this.ingestionColumn = ConfigurationException.requireNonNull(ingestionColumn, "ingestionColumn");
        Dataset<Row> frame = frames.get();
        StructField column = null;
        for (StructField f : frame.schema().fields()) {
            if (f.name().equalsIgnoreCase(ingestionColumn)) {
                column = f;
            }
        }
        List<String> names = new ArrayList<>(List.of(frame.schema().fieldNames()));
        ConfigurationException.check(column != null, "dataset \"%s\": ingestion column \"%s\" is not a column; columns: %s", id,
                ingestionColumn, names);
        ConfigurationException.check(column.dataType() instanceof TimestampType || column.dataType() instanceof DateType,
                "dataset \"%s\": ingestion column \"%s\" is %s; it must be a timestamp or a date", id, ingestionColumn,
                column.dataType().simpleString());
        this.schema = SparkSchemas.toSchema(frame.schema());
    }

    /**
     * @param spark the session
     * @param table a table or view name ({@code db.events}); asked for again at every run
     * @param ingestionColumn the timestamp (or date) column that says when each row arrived
     * @return the dataset, with the table's name (dots kept) as its id
     */
    public static SparkDataset table(SparkSession spark, String table, String ingestionColumn) {
        ConfigurationException.requireNonNull(table, "table");
        return new SparkDataset(table.replaceAll("[^A-Za-z0-9._=-]", "_"), () -> spark.table(table), ingestionColumn);
    }

    /**
     * @param id the dataset id
     * @param frames makes the DataFrame, at every run (and once now, for its schema)
     * @param ingestionColumn the timestamp (or date) column that says when each row arrived
     * @return the dataset
     */
    public static SparkDataset of(String id, Supplier<Dataset<Row>> frames, String ingestionColumn) {
        return new SparkDataset(id, ConfigurationException.requireNonNull(frames, "frames"), ingestionColumn);
    }

    /** Test seam: runs in every task after it committed its files. */
    void afterTaskCommit(TaskHook hook) {
        this.afterTaskCommit = hook;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public boolean hasIngestionTime() {
        return true;
    }

    @Override
    public Set<String> labels() {
        return Set.of();
    }

    @Override
    public List<? extends Split> plan(ScanRequest request) {
        return List.of(WHOLE);
    }

    @Override
    public RowReader read(Split split) {
        throw new ConfigurationException("dataset \"" + id + "\" is written by Spark tasks, not read row by row on the driver: "
                + "export it without a policy that transforms fields");
    }

    /** @return the frame's rows in the window: {@code (from, to]} on the ingestion column, plus null ones for a full run */
    Dataset<Row> windowed(DistributedRun run) {
        Column at = functions.col(ingestionColumn);
        Column upTo = at.leq(functions.lit(Timestamp.from(run.window().to())));
        Column condition = run.window().from().map(from -> at.gt(functions.lit(Timestamp.from(from))).and(upTo))
                .orElse(upTo.or(at.isNull()));
        return frames.get().where(condition);
    }

    @Override
    public List<ExportedFile> write(DistributedRun run) {
        Dataset<Row> rows = windowed(run);
        Schema now = SparkSchemas.toSchema(rows.schema());
        ConfigurationException.check(now.equals(run.schema()), "dataset \"%s\": the frame's schema changed since the dataset was "
                + "created (%s, was %s); create the dataset again", id, now.asStruct().displayName(), run.schema().asStruct().displayName());
        TaskSpec spec = new TaskSpec(run.destinationUri(), run.destinationOptions(), run.datasetId(), run.schema(), run.flowId(),
                run.runId(), run.scheduledTime(), run.window().to(), run.settings(), afterTaskCommit);
        String runFolder = FileNames.runFolder(run.settings().folder(), run.datasetId(), FileNames.exportTime(run.scheduledTime()));
        try (Destination driverSide = ProviderRegistry.instance().destination(run.destinationUri(), run.destinationOptions())) {
            List<ExportedFile> files = new ArrayList<>();
            for (TaskFile f : SparkJob.run(rows, spec, driverSide, runFolder)) {
                files.add(f.exported());
            }
            return files;
        }
    }

    @Override
    public String toString() {
        return "SparkDataset[" + id + ", ingestion column " + ingestionColumn + "]";
    }
}
