package org.datasetexport.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.datasetexport.ConfigurationException;
import org.datasetexport.DatasetExport;
import org.datasetexport.flows.ExportFlow;
import org.datasetexport.ExportMode;
import org.datasetexport.flows.ExportRun;
import org.datasetexport.flows.ExportScheduler;
import org.datasetexport.flows.RunStatus;
import org.datasetexport.Schedule;
import org.datasetexport.flows.StateStore;
import org.datasetexport.dest.file.FileDestination;
import org.datasetexport.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flow on a Spark table: hourly slots, FIRST_FULL_THEN_INCREMENTAL, each window a Spark job with
 * the window as a filter; a run in the middle fails after its tasks committed files — it leaves
 * nothing, the watermark stays, the next run covers its window. The union of the manifested
 * exports is the table, every row exactly once; no file is outside a manifest.
 */
class SparkFlowTest {
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    private static final int ROWS = 3_000;
    private static final StructType SCHEMA = new StructType(new StructField[] {
            new StructField("id", DataTypes.LongType, false, Metadata.empty()),
            new StructField("kind", DataTypes.StringType, true, Metadata.empty()),
            new StructField("ingested_at", DataTypes.TimestampType, true, Metadata.empty())});

    @TempDir
    Path dir;

    private static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            // from an hour before T0 to four hours after it; a few without ingestion time (a full run takes them)
            Timestamp at = i % 500 == 7 ? null : Timestamp.from(T0.minus(Duration.ofHours(1)).plusSeconds(i * 6L));
            rows.add(RowFactory.create((long) i, "k" + (i % 3), at));
        }
        return rows;
    }

    @Test
    void hourlyWindowsAsSparkJobs_withAFailedRunInTheMiddle_exportEveryRowExactlyOnce() throws Exception {
        SparkSession spark = LocalSpark.session();
        spark.createDataFrame(rows(), SCHEMA).repartition(3).createOrReplaceTempView("flow_events");
        SparkDataset events = SparkDataset.table(spark, "flow_events", "ingested_at");
        MutableClock clock = MutableClock.at(T0.plusSeconds(60));
        Path out = dir.resolve("out");
        List<ExportRun> runs = new ArrayList<>();
        try (ExportScheduler scheduler = ExportScheduler.builder().clock(clock).stateStore(StateStore.inMemory())
                .withoutBackgroundPolling().build()) {
            ExportFlow flow = DatasetExport.from(events).to(out.toUri().toString()).format("parquet").manifest(true)
                    .maxRecordsPerFile(200).flowId("spark-flow").schedule(Schedule.everyHours(1).startingAt(T0))
                    .mode(ExportMode.FIRST_FULL_THEN_INCREMENTAL).start(scheduler);
            for (int hour = 0; hour <= 5; hour++) {
                clock.set(T0.plus(Duration.ofHours(hour)).plusSeconds(60));
                if (hour == 2) {
                    events.afterTaskCommit((partition, attempt, committed) -> {
                        throw new IllegalStateException("forced failure of every attempt after commit");
                    });
                }
                List<ExportRun> due = scheduler.runDue();
                events.afterTaskCommit(null);
                assertThat(due).hasSize(1);
                runs.add(due.get(0));
            }
            assertThat(runs).extracting(ExportRun::status).containsExactly(RunStatus.SUCCEEDED, RunStatus.SUCCEEDED,
                    RunStatus.FAILED, RunStatus.SUCCEEDED, RunStatus.SUCCEEDED, RunStatus.SUCCEEDED);
            assertThat(runs.get(2).error()).hasValueSatisfying(e -> assertThat(e).contains("forced failure"));
            // the run after the failure covers both hours: its window starts at the last success's end
            assertThat(runs.get(3).window().from()).contains(runs.get(1).window().to());
            assertThat(flow.watermark()).contains(T0.plus(Duration.ofHours(5)).plusSeconds(60));
        }

        // the union of the manifests is the table: every row once, and no file outside a manifest
        ObjectMapper json = new ObjectMapper();
        Set<String> manifested = new HashSet<>();
        List<String> dataFiles = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(out)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                String rel = out.relativize(p).toString().replace('\\', '/');
                if (p.getFileName().toString().startsWith("manifest-")) {
                    for (JsonNode f : json.readTree(p.toFile()).path("exportResults")) {
                        String folder = f.path("sinkPath").asText().replaceFirst("^/", "");
                        manifested.add(folder + "/" + f.path("name").asText());
                    }
                } else {
                    dataFiles.add(rel);
                }
            }
        }
        assertThat(dataFiles).containsExactlyInAnyOrderElementsOf(manifested);
        List<Row> back = spark.read().parquet(manifested.stream().map(f -> out.resolve(f).toString()).toArray(String[]::new))
                .select("id").collectAsList();
        assertThat(back).hasSize(ROWS);
        assertThat(back.stream().map(r -> r.getLong(0)).distinct().count()).isEqualTo(ROWS);
        try (FileDestination destination = FileDestination.of(out)) {
            for (ExportRun r : runs) {
                if (r.status() == RunStatus.SUCCEEDED) {
                    assertThat(org.datasetexport.ExportVerifier.verify(destination, r.manifestPath().orElseThrow()).problems()).isEmpty();
                }
            }
        }
    }

    @Test
    void aDestinationBuiltInCode_andABadIngestionColumn_areRefusedBeforeAnyTask() {
        SparkSession spark = LocalSpark.session();
        spark.createDataFrame(rows(), SCHEMA).createOrReplaceTempView("flow_events_2");
        assertThatThrownBy(() -> SparkDataset.table(spark, "flow_events_2", "nope"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("\"nope\" is not a column");
        assertThatThrownBy(() -> SparkDataset.table(spark, "flow_events_2", "kind"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("must be a timestamp or a date");
        SparkDataset events = SparkDataset.table(spark, "flow_events_2", "ingested_at");
        try (FileDestination inCode = FileDestination.of(dir.resolve("in-code"))) {
            assertThatThrownBy(() -> DatasetExport.from(events).to(inCode).format("json").run())
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("was built in code");
        }
        // a one-off run of the whole table through the ordinary builder, given a URI
        assertThat(DatasetExport.from(events).to(dir.resolve("once").toUri().toString()).format("json").run().records())
                .isEqualTo(ROWS);
    }
}
