package org.datasetexport.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.datasetexport.ExportException;
import org.datasetexport.ExportResult;
import org.datasetexport.ExportedFile;
import org.datasetexport.dest.s3.S3MockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * All-or-nothing across tasks: a task that throws mid-partition after committing some files (and
 * is retried), a task that fails after committing all its files and leaves a file its own cleanup
 * cannot know (as a lost attempt would), and a job that fails for good — on a folder and on S3Mock.
 * The destination is listed afterwards: exactly the manifest's files (each row once), or nothing.
 */
class SparkFailureTest {
    private static final int ROWS = 4_000;
    private static S3MockServer s3;

    @TempDir
    Path dir;

    @AfterAll
    static void stopS3() {
        if (s3 != null) {
            s3.close();
        }
    }

    /** Throws in partition {@code partition} at row {@code at} on the attempts below {@code failingAttempts}. */
    private static Dataset<Row> failing(Dataset<Row> df, int partition, int at, int failingAttempts) {
        return df.map((MapFunction<Row, Row>) new MapFunction<Row, Row>() {
            private static final long serialVersionUID = 1L;
            private long seen;

            @Override
            public Row call(Row row) {
                TaskContext task = TaskContext.get();
                if (task.partitionId() == partition && task.attemptNumber() < failingAttempts && ++seen == at) {
                    throw new IllegalStateException("forced failure in partition " + partition + ", attempt " + task.attemptNumber());
                }
                return row;
            }
        }, Encoders.row(SparkExportTest.SCHEMA));
    }

    private static List<String> localFiles(Path root) throws Exception {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/')).sorted().toList();
        }
    }

    private static void assertExactlyTheManifest(ExportResult result, List<String> listed) {
        List<String> expected = new ArrayList<>(result.files().stream().map(ExportedFile::path).toList());
        expected.add(result.manifestPath().orElseThrow());
        assertThat(listed).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(result.records()).isEqualTo(ROWS);
    }

    private static void assertEveryRowOnce(SparkSession spark, String folder) {
        Dataset<Row> back = spark.read().option("pathGlobFilter", "part-*").parquet(folder);
        assertThat(back.count()).isEqualTo(ROWS);
        assertThat(back.select("id").distinct().count()).isEqualTo(ROWS);
    }

    @Test
    void aTaskFailingMidPartition_isRetried_andLeavesNoFileOfItsFirstAttempt() throws Exception {
        SparkSession spark = LocalSpark.session();
        Dataset<Row> df = failing(SparkExportTest.frame(spark, ROWS, 4), 1, 700, 1);
        Path out = dir.resolve("out");
        ExportResult result = SparkExport.from(df).datasetId("events").to(out.toUri().toString()).format("parquet")
                .maxRecordsPerFile(250).manifest(true).run();

        assertExactlyTheManifest(result, localFiles(out));
        // partition 1's files come from its second attempt: numbered from 100000
        assertThat(result.files()).filteredOn(f -> f.name().startsWith("part-00001-"))
                .isNotEmpty().allSatisfy(f -> assertThat(f.name()).contains("-c1000"));
        assertThat(result.files()).filteredOn(f -> f.name().startsWith("part-00000-"))
                .allSatisfy(f -> assertThat(f.name()).contains("-c00"));
        assertEveryRowOnce(spark, out.resolve("events").toString());
    }

    @Test
    void aTaskFailingAfterItCommitted_andAFileOfALostAttempt_areRemovedByTheDriver() throws Exception {
        SparkSession spark = LocalSpark.session();
        Path out = dir.resolve("out");
        String root = out.toString();
        ExportResult result = SparkExport.from(SparkExportTest.frame(spark, ROWS, 4)).datasetId("events")
                .to(out.toUri().toString()).format("parquet").maxRecordsPerFile(500).manifest(true)
                .afterTaskCommit((partition, attempt, committed) -> {
                    if (partition == 2 && attempt == 0) {
                        // what a lost attempt leaves: a committed file nobody reports (its task's own cleanup will not see it)
                        Path first = Path.of(root, committed.get(0));
                        Files.copy(first, first.resolveSibling(first.getFileName().toString().replace("-c000.", "-c099999.")));
                        throw new IllegalStateException("forced failure after commit");
                    }
                }).run();

        assertExactlyTheManifest(result, localFiles(out));
        assertThat(localFiles(out)).noneMatch(p -> p.contains("-c099999."));
        assertEveryRowOnce(spark, out.resolve("events").toString());
    }

    @Test
    void aJobFailingForGood_leavesNothing() throws Exception {
        SparkSession spark = LocalSpark.session();
        Path out = dir.resolve("out");
        Dataset<Row> df = failing(SparkExportTest.frame(spark, ROWS, 4), 3, 900, Integer.MAX_VALUE);
        assertThatThrownBy(() -> SparkExport.from(df).datasetId("events").to(out.toUri().toString()).format("json")
                .maxRecordsPerFile(100).manifest(true).run())
                .isInstanceOf(ExportException.class).hasMessageContaining("dataset \"events\"")
                .hasMessageContaining("forced failure in partition 3");
        // the other partitions committed files before partition 3 gave up: all removed, and no manifest
        assertThat(localFiles(out)).isEmpty();
    }

    @Test
    void onS3_retriedAndFailedJobs_leaveExactlyTheManifestsFilesOrNothing() throws Exception {
        s3 = S3MockServer.start(S3MockServer.BUCKET);
        SparkSession spark = LocalSpark.session();
        Map<String, String> options = Map.of("region", "us-east-1", "endpoint", s3.endpoint().toString(), "pathStyle", "true",
                "accessKeyId", "AKIASPARKTEST", "secretAccessKey", "spark-test-secret");
        String uri = "s3://" + S3MockServer.BUCKET + "/spark";
        ExportResult result = SparkExport.from(failing(SparkExportTest.frame(spark, ROWS, 4), 0, 600, 1)).datasetId("events")
                .to(uri, options).format("parquet").maxRecordsPerFile(250).manifest(true).run();
        assertExactlyTheManifest(result, s3Keys("spark/"));

        assertThatThrownBy(() -> SparkExport.from(failing(SparkExportTest.frame(spark, ROWS, 4), 2, 300, Integer.MAX_VALUE))
                .datasetId("failed").to(uri, options).format("parquet").maxRecordsPerFile(100).manifest(true).run())
                .isInstanceOf(ExportException.class);
        assertThat(s3Keys("spark/failed/")).isEmpty();
    }

    private static List<String> s3Keys(String prefix) {
        try (S3Client client = s3.client()) {
            return client.listObjectsV2Paginator(b -> b.bucket(S3MockServer.BUCKET).prefix(prefix)).contents().stream()
                    .map(S3Object::key).map(k -> k.substring("spark/".length())).toList();
        }
    }
}
