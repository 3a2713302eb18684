package org.datasetexport.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.datasetexport.cli.CliProcess.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code flows} and {@code runs} on a YAML file in process (the daemon itself runs as a separate
 * process in {@code ServeIT}): list, pause, resume, run-now, the run history, delete; and the
 * file's refusals — each naming its key, exit 2, no secret echoed.
 */
class FlowsCommandTest {
    private static final String DB = "jdbc:h2:mem:flowscli;DB_CLOSE_DELAY=-1";

    @TempDir
    Path dir;

    private Path yaml;
    private Path clock;

    @BeforeAll
    static void table() throws Exception {
        try (Connection c = DriverManager.getConnection(DB); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS events (id BIGINT PRIMARY KEY, kind VARCHAR(20), updated_at TIMESTAMP WITH TIME ZONE)");
            s.execute("DELETE FROM events");
            s.execute("INSERT INTO events SELECT x, 'k' || MOD(x, 3), TIMESTAMP WITH TIME ZONE '2026-11-30 00:00:00+00' "
                    + "+ x * INTERVAL '1' MINUTE FROM SYSTEM_RANGE(1, 500)");
        }
    }

    @BeforeEach
    void files() throws Exception {
        clock = dir.resolve("clock");
        Files.writeString(clock, "2026-12-01T05:10:00Z");
        yaml = write("""
                state:
                  directory: state
                sources:
                  h2:
                    url: %s
                datasets:
                  events:
                    source: h2
                    table: events
                    ingestion-column: updated_at
                connections:
                  lake:
                    uri: %s
                flows:
                  events-hourly:
                    dataset: events
                    connection: lake
                    schedule:
                      every-hours: 1
                      start: 2026-12-01T00:00:00Z
                    settings:
                      mode: first-full-then-incremental
                      format: parquet
                      compression: zstd
                      manifest: true
                  events-daily:
                    dataset: events
                    connection: lake
                    schedule: { daily: "02:30" }
                    settings:
                      folder: daily
                      format: json
                """.formatted(DB, dir.resolve("out").toUri()));
    }

    private Path write(String text) throws Exception {
        Path p = dir.resolve("flows.yaml");
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    private CliProcess.Run flows(String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--config";
        all[args.length + 1] = yaml.toString();
        all[args.length + 2] = "--clock-file";
        all[args.length + 3] = clock.toString();
        return cli(all);
    }

    @Test
    void list_pause_resume_runNow_runs_delete() throws Exception {
        CliProcess.Run list = flows("flows", "list", "--json");
        assertThat(list.code()).as(list.err()).isZero();
        JsonNode flows = new ObjectMapper().readTree(list.out());
        assertThat(flows).hasSize(2);
        assertThat(flows.findValuesAsText("flowId")).containsExactly("events-daily", "events-hourly");
        assertThat(flows.findValuesAsText("status")).containsOnly("ACTIVE");
        assertThat(flows.get(1).path("nextRunAt").asText()).isNotEmpty();

        CliProcess.Run pause = flows("flows", "pause", "events-hourly");
        assertThat(pause.code()).as(pause.err()).isZero();
        assertThat(pause.out()).startsWith("events-hourly  PAUSED");
        // another process (this new scheduler) reads the pause from the store
        assertThat(flows("flows", "list").out()).contains("events-hourly  PAUSED").contains("events-daily  ACTIVE");
        assertThat(flows("flows", "resume", "events-hourly").out()).startsWith("events-hourly  ACTIVE");

        CliProcess.Run run = flows("flows", "run-now", "events-hourly");
        assertThat(run.code()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("SUCCEEDED").contains("500 record(s)");
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*), COUNT(DISTINCT ID) FROM read_parquet('"
                     + dir.resolve("out").toString().replace("'", "''") + "/events/**/*.parquet')")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(500);
            assertThat(rs.getLong(2)).isEqualTo(500);
        }

        CliProcess.Run runs = flows("runs", "--flow", "events-hourly", "--json");
        assertThat(runs.code()).as(runs.err()).isZero();
        JsonNode history = new ObjectMapper().readTree(runs.out());
        JsonNode last = history.get(0);
        assertThat(last.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(last.path("records").asLong()).isEqualTo(500);
        assertThat(last.path("manifestPath").asText()).contains("events/exportTime=");
        // the first run of FIRST_FULL_THEN_INCREMENTAL is full: no lower bound (its upper bound is the database's clock)
        assertThat(last.path("windowFrom").isNull()).isTrue();
        assertThat(last.path("trigger").asText()).isEqualTo("MANUAL");

        CliProcess.Run delete = flows("flows", "delete", "events-daily");
        assertThat(delete.code()).as(delete.err()).isZero();
        assertThat(delete.out()).contains("deleted flow events-daily").contains("still declared");

        CliProcess.Run unknown = flows("flows", "pause", "no-such-flow");
        assertThat(unknown.code()).isEqualTo(DatasetExportCli.USAGE);
        assertThat(unknown.err()).contains("no flow 'no-such-flow'").contains("events-hourly");
    }

    @Test
    void theFilesRefusals_nameTheirKey_andEchoNoSecret() throws Exception {
        String base = Files.readString(yaml);

        write(base.replace("every-hours: 1", "evry-hours: 1"));
        CliProcess.Run typo = flows("flows", "list");
        assertThat(typo.code()).isEqualTo(DatasetExportCli.USAGE);
        assertThat(typo.err()).contains("flows.events-hourly.schedule: unknown key 'evry-hours' (known: daily, end, every-hours, once, start)");

        write(base.replace("    uri: " + dir.resolve("out").toUri(), "    uri: s3://bucket/p\n    options:\n      secretAccessKey: literal-s3cr3t-value"));
        CliProcess.Run literal = flows("serve");
        assertThat(literal.code()).isEqualTo(DatasetExportCli.USAGE);
        assertThat(literal.err()).contains("connections.lake.options.secretAccessKey is a secret: pass it as ${env:NAME}")
                .doesNotContain("literal-s3cr3t-value");

        // references resolve in secret keys only: a file named in any other key is neither read nor echoed
        Path shadow = Files.writeString(dir.resolve("shadow"), "root:$6$s3cr3t-hash-in-file:19000");
        write(base.replace("    ingestion-column: updated_at", "    ingestion-column: ${file:" + shadow + "}"));
        CliProcess.Run reference = flows("serve");
        assertThat(reference.code()).isEqualTo(DatasetExportCli.USAGE);
        assertThat(reference.err()).contains("datasets.events.ingestion-column is not a secret", "resolved only in secret options")
                .doesNotContain("s3cr3t-hash-in-file");
        write(base.replace("    uri: " + dir.resolve("out").toUri(), "    uri: wasbs://c@account/p\n    options:\n"
                + "      connectionString: AccountName=a;AccountKey=literal-azure-k3y"));
        CliProcess.Run azure = flows("serve");
        assertThat(azure.code()).isEqualTo(DatasetExportCli.USAGE);
        assertThat(azure.err()).contains("connections.lake.options.connectionString is a secret").doesNotContain("literal-azure-k3y");

        write(base.replace("    url: " + DB, "    url: " + DB + "\n    password: \"unterminated s3cr3t-in-yaml"));
        CliProcess.Run broken = flows("serve");
        assertThat(broken.code()).isEqualTo(DatasetExportCli.USAGE);
        assertThat(broken.err()).contains("is not valid YAML (line").doesNotContain("s3cr3t-in-yaml");

        write(base.replace("    url: " + DB, "    url: " + DB + "\n    password: ${env:DATASETEXPORT_TEST_UNSET_VARIABLE}"));
        CliProcess.Run unset = flows("serve");
        assertThat(unset.code()).isEqualTo(DatasetExportCli.USAGE);
        assertThat(unset.err()).contains("sources.h2.password: environment variable DATASETEXPORT_TEST_UNSET_VARIABLE is not set");

        write(base.replace("    dataset: events\n    connection: lake\n    schedule: { daily", "    dataset: evnts\n    connection: lake\n    schedule: { daily"));
        CliProcess.Run dataset = flows("serve");
        assertThat(dataset.code()).isEqualTo(DatasetExportCli.USAGE);
        assertThat(dataset.err()).contains("flows.events-daily:").contains("evnts");

        write(base.replace("    schedule: { daily: \"02:30\" }", "    schedule: { daily: \"02:30\", every-hours: 2 }"));
        CliProcess.Run twoKinds = flows("serve");
        assertThat(twoKinds.code()).isEqualTo(DatasetExportCli.USAGE);
        assertThat(twoKinds.err()).contains("flows.events-daily.schedule needs exactly one of once, every-hours, daily; got 2");

        write(base.replace("    compression: zstd", "    compression: lz4"));
        CliProcess.Run compression = flows("serve");
        assertThat(compression.code()).isEqualTo(DatasetExportCli.USAGE);
        assertThat(compression.err()).contains("flows.events-hourly.settings.compression: \"lz4\" is not one of [none, gzip, snappy, zstd]");

        write(base.replace("      compression: zstd", "      compresion: zstd"));
        CliProcess.Run settingsTypo = flows("serve");
        assertThat(settingsTypo.code()).isEqualTo(DatasetExportCli.USAGE);
        assertThat(settingsTypo.err()).contains("flows.events-hourly.settings: unknown key 'compresion' (known: compression, ");

        // serve checks every flow before its first poll: the valid flow before the bad one never ran
        assertThat(dir.resolve("out")).doesNotExist();

        CliProcess.Run missing = cli("serve", "--config", dir.resolve("nope.yaml").toString());
        assertThat(missing.code()).isEqualTo(DatasetExportCli.USAGE);
        assertThat(missing.err()).contains("nope.yaml: no such file");
    }
}
