package org.datasetexport.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.datasetexport.flows.ExportScheduler;
import org.datasetexport.data.DataType;
import org.datasetexport.data.Dataset;
import org.datasetexport.data.Datasets;
import org.datasetexport.data.Row;
import org.datasetexport.data.Schema;
import org.datasetexport.testdata.SecretScan;
import org.datasetexport.testdata.Secrets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Secrets from the application's property sources (here: an S3 connection's access keys, with
 * awkward characters) never reach a log line at TRACE, the health details, the endpoint's answers,
 * a failed run's error or the exception that fails start-up. The connection points at a loopback
 * port nobody listens on, so its check and its runs fail — the paths where messages are written.
 * Runs in the secret-scan execution (its own JVM, every logger at TRACE into one file).
 */
@Tag(SecretScan.TAG)
class StarterSecretScanTest {
    private static final String KEY_ID = "AKIASTARTERKEY1234";
    private static final String SECRET = Secrets.AWKWARD.get(2) + " starter@secret/x";

    @TempDir
    Path dir;

    @BeforeAll
    static void trace() {
        SecretScan.everyLoggerAtTrace();
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void credentialsOfAConnection_appearNowhere() throws Exception {
        Dataset events = Datasets.of("events", Schema.builder().required("id", DataType.LONG).build(), List.of(Row.of(1L)));
        String endpoint = "http://127.0.0.1:" + closedPort();
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DatasetExportAutoConfiguration.class))
                .withBean("events", Dataset.class, () -> events)
                .withPropertyValues(
                        "datasetexport.state.directory=" + dir.resolve("state"),
                        "datasetexport.endpoint.write-operations=true",
                        "datasetexport.connections.lake.uri=s3://exports/crm",
                        "datasetexport.connections.lake.options.region=us-east-1",
                        "datasetexport.connections.lake.options.endpoint=" + endpoint,
                        "datasetexport.connections.lake.options.pathStyle=true",
                        "datasetexport.connections.lake.options.maxAttempts=1",
                        "datasetexport.connections.lake.options.accessKeyId=" + KEY_ID,
                        "datasetexport.connections.lake.options.secretAccessKey=" + SECRET,
                        "datasetexport.flows.nightly.dataset=events",
                        "datasetexport.flows.nightly.connection=lake",
                        "datasetexport.flows.nightly.schedule.every-hours=1")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Health health = context.getBean(ExportsHealthIndicator.class).health();
                    assertThat(health.getStatus()).as("the check of an unreachable store fails").isEqualTo(Status.DOWN);
                    Secrets.assertNotIn(health.toString(), SECRET, KEY_ID);
                    ExportsEndpoint endpointBean = context.getBean(ExportsEndpoint.class);
                    Map<String, Object> ran = endpointBean.act("nightly", "run-now");
                    assertThat(ran.toString()).contains("FAILED");
                    Secrets.assertNotIn(ran.toString(), SECRET, KEY_ID);
                    Secrets.assertNotIn(endpointBean.flows().toString(), SECRET, KEY_ID);
                    Secrets.assertNotIn(context.getBean(ExportScheduler.class).flows().toString(), SECRET, KEY_ID);
                    Secrets.assertNotIn(context.getBean(DatasetExportProperties.class).getConnections().toString(), SECRET, KEY_ID);
                });
        // a connection that cannot be opened fails start-up without quoting its options
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DatasetExportAutoConfiguration.class))
                .withPropertyValues("datasetexport.state.directory=" + dir.resolve("state2"),
                        "datasetexport.connections.lake.uri=s3://exports/crm",
                        "datasetexport.connections.lake.options.secretAccessKey=" + SECRET)
                .run(context -> {
                    assertThat(context).hasFailed();
                    Secrets.assertNotIn(context.getStartupFailure(), SECRET);
                    assertThat(context.getStartupFailure()).hasStackTraceContaining("datasetexport.connections.lake");
                });
        assertThat(SecretScan.leakingLoggers(SECRET, KEY_ID)).isEmpty();
    }
}
