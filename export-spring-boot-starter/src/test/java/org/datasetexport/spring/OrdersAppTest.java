package org.datasetexport.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.datasetexport.flows.ExportFlow;
import org.datasetexport.flows.ExportRun;
import org.datasetexport.flows.ExportScheduler;
import org.datasetexport.ExportVerifier;
import org.datasetexport.flows.RunStatus;
import org.datasetexport.dest.file.FileDestination;
import org.datasetexport.spring.app.OrdersApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 20: a Spring Boot application that declares its export only in YAML ({@code orders-app.yml}:
 * an H2 DataSource, a table, a {@code file:} connection, an hourly flow whose first slot is
 * already due) starts, and the scheduler's own polling runs the flow: the Parquet files, manifest
 * and {@code _SUCCESS} land, DuckDB reads the 2,500 rows back, and the state is in the
 * application's database.
 */
@SpringBootTest(classes = OrdersApp.class, properties = "spring.config.name=orders-app")
class OrdersAppTest {
    private static final Path OUT;

    static {
        try {
            OUT = Files.createTempDirectory("orders-app-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Autowired
    ExportScheduler scheduler;

    @Autowired
    DataSource dataSource;

    @DynamicPropertySource
    static void exportUri(DynamicPropertyRegistry registry) {
        registry.add("orders.export.uri", () -> OUT.toUri().toString());
    }

    @AfterAll
    static void cleanUp() throws IOException {
        try (Stream<Path> walk = Files.walk(OUT)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void theDeclaredFlowRunsByItself_andItsExportLands() throws Exception {
        ExportFlow flow = scheduler.flow("orders-hourly").orElseThrow();
        ExportRun run = awaitFinishedRun(flow, Duration.ofSeconds(60));

        assertThat(run.status()).as("run %s: %s", run.runId(), run.error()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.records()).isEqualTo(2500);
        Path manifest = OUT.resolve(run.manifestPath().orElseThrow());
        assertThat(manifest).exists();
        assertThat(manifest.resolveSibling("_SUCCESS")).exists();
        assertThat(ExportVerifier.verify(FileDestination.of(OUT), run.manifestPath().orElseThrow()).problems()).isEmpty();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
             Statement s = duck.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*), COUNT(DISTINCT id), SUM(total) FROM read_parquet('"
                     + OUT.resolve("crm").toString().replace("'", "''") + "/**/*.zstd.parquet')")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(2500);
            assertThat(rs.getLong(2)).isEqualTo(2500);
            assertThat(rs.getBigDecimal(3)).isEqualByComparingTo("3907812.50"); // 1.25 × (1 + … + 2500) = 1.25 × 3,126,250
        }
        try (Connection h2 = dataSource.getConnection();
             Statement s = h2.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM datasetexport_run")) {
            rs.next();
            assertThat(rs.getInt(1)).as("the run history lives in the application's database").isPositive();
        }
    }

    private static ExportRun awaitFinishedRun(ExportFlow flow, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<ExportRun> runs = flow.runs();
            Optional<ExportRun> done = runs.stream()
                    .filter(r -> r.status() == RunStatus.SUCCEEDED || r.status() == RunStatus.FAILED).findFirst();
            if (done.isPresent()) {
                return done.get();
            }
            // the application's scheduler polls every second on its own threads; nothing here can drive it
            Thread.sleep(200);
        }
        throw new AssertionError("no run finished within " + timeout + "; runs: " + flow.runs());
    }
}
