package org.datasetexport.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.datasetexport.ExportException;
import org.datasetexport.ExportResult;
import org.datasetexport.dest.s3.S3MockServer;
import org.datasetexport.testdata.SecretScan;
import org.datasetexport.testdata.Secrets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Credentials travel to Spark's executors with the tasks: with every logger at TRACE (Spark's own
 * included, through SLF4J), a successful export to S3Mock, an export to an unreachable endpoint and
 * an export whose tasks fail after writing show the credentials in no log line, no exception (Spark's
 * job-abort text included) and no {@code toString()} of what is shipped.
 */
@Tag(SecretScan.TAG)
class SparkSecretScanTest {
    private static final String KEY_ID = "AKIASPARKSCAN0000001";
    private static final String SECRET = "spark/Scan+Secret @with_awkward=chars";
    /** Janino (Spark's code generator) fails to compile when its JUL logging is at FINEST: kept at INFO (it logs generated code, no options). */
    private static final java.util.logging.Logger JANINO = java.util.logging.Logger.getLogger("org.codehaus");

    @Test
    void credentials_appearInNoLogExceptionOrShippedToString() throws Exception {
        SecretScan.everyLoggerAtTrace();
        JANINO.setLevel(java.util.logging.Level.INFO);
        SparkSession spark = LocalSpark.session();
        try (S3MockServer s3 = S3MockServer.start(S3MockServer.BUCKET)) {
            Map<String, String> options = new HashMap<>(Map.of("region", "us-east-1", "endpoint", s3.endpoint().toString(),
                    "pathStyle", "true", "accessKeyId", KEY_ID, "secretAccessKey", SECRET, "maxAttempts", "1"));
            String uri = "s3://" + S3MockServer.BUCKET + "/scan";
            SparkExport export = SparkExport.from(SparkExportTest.frame(spark, 500, 2)).datasetId("events").to(uri, options)
                    .format("json").manifest(true);
            Secrets.assertNotIn(export.toString(), SECRET, KEY_ID);
            ExportResult ok = export.run();
            assertThat(ok.records()).isEqualTo(500);
            Secrets.assertNotIn(ok.toString(), SECRET, KEY_ID);

            int closed;
            try (ServerSocket socket = new ServerSocket(0)) {
                closed = socket.getLocalPort();
            }
            options.put("endpoint", "http://127.0.0.1:" + closed);
            Throwable unreachable = catchThrowable(() -> SparkExport.from(SparkExportTest.frame(spark, 500, 2)).datasetId("events")
                    .to(uri, options).format("json").run());
            assertThat(unreachable).isInstanceOf(ExportException.class);
            Secrets.assertNotIn(unreachable, SECRET, KEY_ID);

            options.put("endpoint", s3.endpoint().toString());
            Throwable failing = catchThrowable(() -> SparkExport.from(SparkExportTest.frame(spark, 500, 2)).datasetId("events")
                    .to(uri, options).format("json").afterTaskCommit((partition, attempt, committed) -> {
                        throw new IllegalStateException("forced failure after " + committed.size() + " file(s)");
                    }).run());
            assertThat(failing).isInstanceOf(ExportException.class).hasMessageContaining("forced failure after");
            Secrets.assertNotIn(failing, SECRET, KEY_ID);

            TaskSpec shipped = new TaskSpec(uri, options, "events", SparkSchemas.toSchema(SparkExportTest.SCHEMA), "flow", "run",
                    java.time.Instant.EPOCH, java.time.Instant.EPOCH, org.datasetexport.ExportSettings.defaults(), null);
            Secrets.assertNotIn(shipped.toString(), SECRET, KEY_ID);
            Secrets.assertNotIn(new WritePartition(shipped).toString(), SECRET, KEY_ID);
        }
        // Spark really logged at TRACE/DEBUG into the scanned file, and no line holds a credential
        assertThat(SecretScan.log()).contains("org.apache.spark");
        assertThat(SecretScan.leakingLoggers(SECRET)).isEmpty();
        assertThat(SecretScan.log()).doesNotContain(KEY_ID);
    }
}
