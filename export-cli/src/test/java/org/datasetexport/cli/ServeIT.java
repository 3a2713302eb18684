package org.datasetexport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.datasetexport.data.Field;
import org.datasetexport.data.PrimitiveType;
import org.datasetexport.data.Schema;
import org.datasetexport.dest.s3.S3MockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code serve} as operators run it — the shaded jar in its own process — with a YAML file of three
 * flows (an H2 table every hour to Parquet in a folder, a folder of JSON Lines files daily to
 * S3Mock with the credentials as environment references, and a large query once) and a clock file
 * that the test moves: due slots run (a catch-up, then the next slot), SIGTERM stops the daemon
 * while the large export runs — it is cancelled and leaves nothing — and {@code runs} reads the
 * history afterwards from the same state store. No secret appears in any output, with the SDK
 * logging at info ({@code -v}). Also {@code run} of a JSON folder straight to S3Mock.
 */
class ServeIT {
    private static final String KEY_ID = "AKIASERVEIT";
    private static final String SECRET = "serve/it secret@with+awkward=chars";

    private static S3MockServer s3;

    @TempDir
    Path dir;

    @BeforeAll
    static void s3() throws Exception {
        s3 = S3MockServer.start(S3MockServer.BUCKET);
    }

    @AfterAll
    static void stop() {
        s3.close();
    }

    private Map<String, String> env() {
        return Map.of("IT_S3_KEY_ID", KEY_ID, "IT_S3_SECRET", SECRET);
    }

    private Path events() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("events"));
        for (int file = 0; file < 3; file++) {
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < 100; i++) {
                int id = file * 100 + i;
                lines.append("{\"id\":").append(id).append(",\"kind\":\"k").append(id % 4).append("\"}\n");
            }
            Files.writeString(folder.resolve("part-" + file + ".jsonl"), lines);
        }
        Files.writeString(dir.resolve("events.schema.json"), Schema.of(Field.required("id", PrimitiveType.LONG),
                Field.optional("kind", PrimitiveType.STRING)).toJson());
        return folder;
    }

    private static void setClock(Path clock, String instant) throws Exception {
        Path tmp = clock.resolveSibling("clock.tmp");
        Files.writeString(tmp, instant);
        Files.move(tmp, clock, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static int count(CliProcess p, Pattern pattern) throws Exception {
        Matcher m = pattern.matcher(p.err());
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static void awaitLog(CliProcess p, Pattern pattern, int times) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (count(p, pattern) < times) {
            assertThat(p.process().isAlive()).as("serve exited early:\n%s", p.err()).isTrue();
            assertThat(System.nanoTime()).as("waited 90 s for %s ×%d in:\n%s", pattern, times, p.err()).isLessThan(deadline);
            Thread.sleep(100); // polling a child process's log; its clock is the file this test writes
        }
    }

    private List<String> s3Keys(String prefix) {
        try (S3Client client = s3.client()) {
            return client.listObjectsV2Paginator(b -> b.bucket(S3MockServer.BUCKET).prefix(prefix)).contents().stream()
                    .map(S3Object::key).toList();
        }
    }

    private long s3GzipLines(List<String> keys) throws Exception {
        long lines = 0;
        try (S3Client client = s3.client()) {
            for (String key : keys) {
                try (ResponseInputStream<GetObjectResponse> in = client.getObject(b -> b.bucket(S3MockServer.BUCKET).key(key));
                     InputStream gz = new GZIPInputStream(in)) {
                    lines += new String(gz.readAllBytes(), StandardCharsets.UTF_8).lines().count();
                }
            }
        }
        return lines;
    }

    private static long regularFiles(Path root) throws Exception {
        if (!Files.exists(root)) {
            return 0;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void serve_runsDueSlots_stopsGracefullyOnSigterm_andRunsReadsTheHistory() throws Exception {
        String db = "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath();
        try (Connection c = DriverManager.getConnection(db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id BIGINT PRIMARY KEY, total DECIMAL(10,2), updated_at TIMESTAMP WITH TIME ZONE)");
            s.execute("INSERT INTO orders SELECT x, x * 0.25, TIMESTAMP WITH TIME ZONE '2026-11-30 00:00:00+00' "
                    + "+ x * INTERVAL '1' SECOND FROM SYSTEM_RANGE(1, 1000)");
        }
        events();
        Path clock = dir.resolve("clock");
        setClock(clock, "2026-12-01T10:00:30Z");
        Path yaml = Files.writeString(dir.resolve("flows.yaml"), """
                # relative paths are relative to this file
                state:
                  directory: state
                poll-interval: 200ms
                close-timeout: 2s
                sources:
                  shop:
                    url: %s;LAZY_QUERY_EXECUTION=TRUE;DB_CLOSE_ON_EXIT=FALSE
                datasets:
                  orders:
                    source: shop
                    table: ORDERS
                    ingestion-column: UPDATED_AT
                  big:
                    source: shop
                    query: SELECT X AS ID, REPEAT('x', 200) AS PAD FROM SYSTEM_RANGE(1, 30000000)
                  events:
                    folder: events
                    input-format: json
                    schema: events.schema.json
                connections:
                  local:
                    uri: %s
                  lake:
                    uri: s3://%s/serve
                    options:
                      region: us-east-1
                      endpoint: %s
                      pathStyle: true
                      accessKeyId: ${env:IT_S3_KEY_ID}
                      secretAccessKey: ${env:IT_S3_SECRET}
                flows:
                  orders-hourly:
                    dataset: orders
                    connection: local
                    schedule:
                      every-hours: 1
                      start: 2026-12-01T08:00:00Z
                    settings:
                      mode: first-full-then-incremental
                      format: parquet
                      compression: snappy
                      manifest: true
                  events-daily:
                    dataset: events
                    connection: lake
                    schedule: { daily: "00:30", start: "2026-12-01T00:00:00Z" }
                    settings:
                      format: json
                      compression: gzip
                      manifest: true
                  big-once:
                    dataset: big
                    connection: local
                    schedule: { once: "2026-12-01T11:00:00Z" }
                    settings:
                      folder: big
                      format: json
                      max-records-per-file: 50000
                      manifest: true
                """.formatted(db, dir.resolve("out").toUri(), S3MockServer.BUCKET, s3.endpoint()));

        CliProcess serve = CliProcess.start(dir, env(), "serve", "--config", yaml.toString(), "--clock-file", clock.toString(), "-v");
        Pattern ordersOk = Pattern.compile("flow orders-hourly: run \\S+ succeeded");
        awaitLog(serve, ordersOk, 1);
        awaitLog(serve, Pattern.compile("flow events-daily: run \\S+ succeeded"), 1);
        assertThat(serve.out()).contains("serving 3 flow(s)").contains("orders-hourly  ACTIVE");

        // an hour later: the next hourly slot, and the one-off large export, which SIGTERM interrupts
        setClock(clock, "2026-12-01T11:00:30Z");
        awaitLog(serve, ordersOk, 2);
        awaitLog(serve, Pattern.compile("flow big-once: run \\S+ started"), 1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (regularFiles(dir.resolve("out").resolve("big")) < 2 && System.nanoTime() < deadline) {
            Thread.sleep(50); // until the large export has committed files that the cancel must remove
        }
        assertThat(regularFiles(dir.resolve("out").resolve("big"))).as("the large export committed files before SIGTERM; log:\n%s", serve.err()).isGreaterThanOrEqualTo(2);
        serve.process().destroy(); // SIGTERM
        assertThat(serve.process().waitFor(60, TimeUnit.SECONDS)).as("stopped within the close timeout").isTrue();
        assertThat(serve.process().exitValue()).isEqualTo(143);
        String log = serve.err();
        assertThat(log).contains("stopping: no new runs").contains("INFO serve - stopped");
        assertThat(log).containsPattern("cancelling them").containsPattern("Flow big-once run \\S+ CANCELLED");
        assertThat(log + serve.out()).doesNotContain(SECRET).doesNotContain("awkward");

        // the cancelled export left nothing: no data file, no manifest
        assertThat(regularFiles(dir.resolve("out").resolve("big"))).isZero();

        CliProcess.Run runs = CliProcess.run(dir, env(), "runs", "--flow", "orders-hourly", "--config", yaml.toString(),
                "--clock-file", clock.toString(), "--json");
        assertThat(runs.code()).as(runs.err()).isZero();
        JsonNode history = new ObjectMapper().readTree(runs.out());
        List<String> outcomes = new ArrayList<>();
        long records = 0;
        for (JsonNode r : history) {
            if (!r.path("trigger").asText().equals("DEFINITION_CHANGE")) {
                outcomes.add(r.path("trigger").asText() + " " + r.path("status").asText());
                records += r.path("records").asLong();
            }
        }
        assertThat(outcomes).containsExactly("SCHEDULED SUCCEEDED", "CATCH_UP SUCCEEDED");
        assertThat(records).isEqualTo(1000);
        CliProcess.Run big = CliProcess.run(dir, env(), "runs", "--flow", "big-once", "--config", yaml.toString(),
                "--clock-file", clock.toString(), "--json");
        JsonNode bigRun = new ObjectMapper().readTree(big.out()).get(0);
        assertThat(bigRun.path("status").asText()).isEqualTo("CANCELLED");
        assertThat(bigRun.path("manifestPath").isNull()).isTrue();

        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*), COUNT(DISTINCT ID), SUM(TOTAL) FROM read_parquet('"
                     + dir.resolve("out").toString().replace("'", "''") + "/orders/**/*.parquet')")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(1000);
            assertThat(rs.getLong(2)).isEqualTo(1000);
            assertThat(rs.getBigDecimal(3)).isEqualByComparingTo("125125.00");
        }
        List<String> keys = s3Keys("serve/events/");
        assertThat(keys).anyMatch(k -> k.contains("/manifest")).anyMatch(k -> k.endsWith(".json.gz"));
        assertThat(s3GzipLines(keys.stream().filter(k -> k.endsWith(".json.gz")).toList())).isEqualTo(300);
    }

    @Test
    void run_aJsonFolder_toS3_withEnvironmentReferences() throws Exception {
        Path folder = events();
        CliProcess.Run run = CliProcess.run(dir, env(), "run", "--from", folder.toString(), "--input-format", "json",
                "--schema", dir.resolve("events.schema.json").toString(), "--dataset-id", "events-once",
                "--to", "s3://" + S3MockServer.BUCKET + "/once", "-o", "region=us-east-1", "-o", "endpoint=" + s3.endpoint(),
                "-o", "pathStyle=true", "-o", "accessKeyId=${env:IT_S3_KEY_ID}", "-o", "secretAccessKey=${env:IT_S3_SECRET}",
                "--format", "json", "--compression", "gzip", "--manifest", "--json", "-v");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out() + run.err()).doesNotContain(SECRET).doesNotContain("awkward");
        JsonNode result = new ObjectMapper().readTree(run.out());
        assertThat(result.path("records").asLong()).isEqualTo(300);
        List<String> keys = s3Keys("once/events-once/");
        assertThat(keys).contains("once/" + result.path("manifestPath").asText());
        assertThat(s3GzipLines(keys.stream().filter(k -> k.endsWith(".json.gz")).toList())).isEqualTo(300);

        CliProcess.Run verify = CliProcess.run(dir, env(), "verify", "s3://" + S3MockServer.BUCKET + "/once",
                result.path("manifestPath").asText(), "-o", "region=us-east-1", "-o", "endpoint=" + s3.endpoint(),
                "-o", "pathStyle=true", "-o", "accessKeyId=${env:IT_S3_KEY_ID}", "-o", "secretAccessKey=${env:IT_S3_SECRET}");
        assertThat(verify.code()).as(verify.out() + verify.err()).isZero();
    }
}
