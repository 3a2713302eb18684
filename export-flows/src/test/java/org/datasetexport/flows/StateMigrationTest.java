package org.datasetexport.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.datasetexport.Compression;
import org.datasetexport.EmptyOutput;
import org.datasetexport.ExportMode;
import org.datasetexport.ExportSettings;
import org.datasetexport.Partition;
import org.datasetexport.Retention;
import org.datasetexport.Schedule;
import org.datasetexport.SchemaChangePolicy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.datasetexport.data.TimeWindow;
import org.datasetexport.flows.service.Connections;
import org.datasetexport.flows.service.DatasetCatalog;
import org.datasetexport.flows.state.UnreadableStateException;
import org.datasetexport.testdata.PostgresServer;
import org.datasetexport.testing.MemoryDestination;
import org.datasetexport.testing.MutableClock;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * State written before state was versioned (committed fixtures, made by that code: one flow after
 * two successful hourly incremental runs) re-attaches with its settings, watermark and history,
 * and is migrated to format version 1. State from a newer version is refused, naming flow and store.
 */
class StateMigrationTest {
    private static final Path FIXTURES = Path.of("src/test/resources/state-fixtures/unversioned");
    private static final Instant WATERMARK = Instant.parse("2026-11-28T00:56:00Z");

    @TempDir
    Path dir;
    private final FlowFixture data = new FlowFixture();
    private final MemoryDestination memory = MemoryDestination.create();
    private final MutableClock clock = MutableClock.at(Instant.parse("2026-11-28T02:00:30Z"));

    @AfterEach
    void noLeaks() {
        memory.assertNoOpenOutputs();
    }

    private ExportScheduler reattach(StateStore store) {
        return ExportScheduler.builder().clock(clock).stateStore(store)
                .datasets(new DatasetCatalog().register(data.dataset))
                .connections(new Connections().register("memory-legacy", memory))
                .withoutBackgroundPolling().build();
    }

    /** The flow as the fixture left it, and its next run exporting exactly the rows after the watermark. */
    private void assertReattachedAndRunsOn(ExportScheduler scheduler) throws IOException {
        ExportFlow flow = scheduler.flow("legacy-events").orElseThrow();
        assertThat(flow.watermark()).contains(WATERMARK);
        assertThat(flow.runs()).extracting(ExportRun::status, ExportRun::records)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(RunStatus.SUCCEEDED, 3L),
                        org.assertj.core.groups.Tuple.tuple(RunStatus.SUCCEEDED, 10L));
        ExportSettings settings = flow.definition().settings();
        assertThat(settings).isEqualTo(ExportSettings.builder().folder("crm/daily").format("text").manifest(true)
                .maxRecordsPerFile(1000).parallelism(2).mode(ExportMode.FIRST_FULL_THEN_INCREMENTAL)
                .incrementalLag(Duration.ofMinutes(5)).purpose("analytics").build());
        assertThat(flow.definition().schedule()).isEqualTo(Schedule.everyHours(1));

        long before = data.add(WATERMARK.minusSeconds(60));
        long after = data.add(Instant.parse("2026-11-28T01:30:00Z"));
        List<ExportRun> runs = scheduler.runDue();
        assertThat(runs).singleElement().satisfies(run -> {
            assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(run.scheduledTime()).isEqualTo(Instant.parse("2026-11-28T02:00:00Z"));
            assertThat(run.window()).isEqualTo(TimeWindow.between(WATERMARK, clock.instant().minus(Duration.ofMinutes(5))));
        });
        assertThat(FlowFixture.exportedIds(memory)).containsExactly(after).doesNotContain(before);
        assertThat(memory.committedPaths()).allMatch(p -> p.startsWith("crm/daily/events/exportTime=202611280200/"));
        assertThat(flow.runs()).hasSize(3);
    }

    /**
     * Format version 1 (committed fixture, made by that code: every setting away from its default,
     * camel-case keys) re-attaches with every setting, its schedule, watermark and history, and is
     * rewritten in the settings language without a DEFINITION_CHANGE entry.
     */
    @Test
    void directoryStore_version1Fixture_reattachesWithEverySetting_andIsRewrittenInTheSettingsLanguage() throws Exception {
        copyTree(Path.of("src/test/resources/state-fixtures/v1/directory"), dir);
        Path flowJson = dir.resolve("flows/v1-events/flow.json");
        assertThat(Files.readString(flowJson)).contains("\"maxFileSize\"", "\"schemaChangePolicy\"");
        Instant t0 = Instant.parse("2026-12-01T00:00:00Z");
        try (ExportScheduler scheduler = ExportScheduler.builder().clock(MutableClock.at(t0.plus(Duration.ofHours(3))))
                .stateStore(StateStore.directory(dir)).datasets(new DatasetCatalog().register(data.dataset))
                .connections(new Connections().register("memory-v1", memory)).withoutBackgroundPolling().build()) {
            ExportFlow flow = scheduler.flow("v1-events").orElseThrow();
            assertThat(flow.definition().settings()).isEqualTo(ExportSettings.builder().folder("crm/v1").format("text")
                    .formatOptions(java.util.Map.of("separator", ";")).compression(Compression.GZIP).manifest(true)
                    .maxFileSize(64L << 20).maxRecordsPerFile(5000).parallelism(3).emptyOutput(EmptyOutput.WRITE_EMPTY_FILE)
                    .successMarker(true).partitions(List.of(Partition.day("ingested"), Partition.bucket(4, "id")))
                    .maxOpenFiles(16).retention(Retention.keepLast(7)).schemaChangePolicy(SchemaChangePolicy.ALLOW_ADDITIVE)
                    .mode(ExportMode.FIRST_FULL_THEN_INCREMENTAL).incrementalLag(Duration.ofMinutes(2)).purpose("analytics")
                    .build());
            assertThat(flow.definition().schedule()).isEqualTo(Schedule.everyHours(2).startingAt(t0)
                    .endingAt(t0.plus(Duration.ofDays(365))));
            assertThat(flow.watermark()).contains(Instant.parse("2026-12-01T01:58:00Z"));
            assertThat(flow.runs()).extracting(ExportRun::records).containsExactly(12L);
        }
        String rewritten = Files.readString(flowJson);
        assertThat(rewritten).contains("\"formatVersion\" : 2", "\"max-file-size\"", "\"on-schema-change\" : \"allow-additive\"",
                "\"every-hours\" : 2").doesNotContain("\"maxFileSize\"");
        assertThat(StateStore.directory(dir).runs("v1-events", 0, 10)).as("no definition change recorded").hasSize(1);
    }

    @Test
    void directoryStore_unversionedFixture_reattachesAndIsRewrittenInTheCurrentFormat() throws Exception {
        copyTree(FIXTURES.resolve("directory"), dir);
        Path flowJson = dir.resolve("flows/legacy-events/flow.json");
        assertThat(Files.readString(flowJson)).doesNotContain("formatVersion");
        try (ExportScheduler scheduler = reattach(StateStore.directory(dir))) {
            assertReattachedAndRunsOn(scheduler);
        }
        String rewritten = Files.readString(flowJson);
        assertThat(rewritten).contains("\"formatVersion\" : 2").contains("\"settings\"");
        assertThat(FlowDefinition.fromJson(StateStore.directory(dir).flow("legacy-events").orElseThrow().definitionJson())
                .settings().parallelism()).isEqualTo(2);
    }

    @Test
    void jdbcStoreOnH2_unversionedFixture_migratesOnStartAndReattaches() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        jdbcFixture_migratesOnStartAndReattaches(h2);
    }

    @Test
    void jdbcStoreOnPostgres_unversionedFixture_migratesOnStartAndReattaches() throws Exception {
        jdbcFixture_migratesOnStartAndReattaches(PostgresServer.shared().dataSourceWithoutStateTables());
    }

    private void jdbcFixture_migratesOnStartAndReattaches(DataSource ds) throws Exception {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            for (String sql : Files.readAllLines(FIXTURES.resolve("jdbc-state.sql"), StandardCharsets.UTF_8)) {
                if (!sql.startsWith("--") && !sql.isBlank()) {
                    st.execute(sql.substring(0, sql.lastIndexOf(';')));
                }
            }
        }
        try (ExportScheduler scheduler = reattach(StateStore.jdbc(ds))) {
            assertReattachedAndRunsOn(scheduler);
        }
        assertThat(query(ds, "SELECT version FROM datasetexport_schema")).containsExactly("1");
        assertThat(query(ds, "SELECT definition FROM datasetexport_flow"))
                .singleElement().satisfies(json -> assertThat(json).contains("\"formatVersion\":2", "\"settings\":{"));
        assertThat(query(ds, "SELECT body FROM datasetexport_run")).hasSize(3)
                .allSatisfy(json -> assertThat(json).contains("\"formatVersion\":2"));
    }

    @Test
    void directoryStore_stateFromANewerVersion_isRefusedNamingFlowAndStore() throws Exception {
        copyTree(FIXTURES.resolve("directory"), dir);
        Path flowJson = dir.resolve("flows/legacy-events/flow.json");
        Files.writeString(flowJson, Files.readString(flowJson).replaceFirst("\\{", "{\"formatVersion\": 99,"));
        assertThatThrownBy(() -> reattach(StateStore.directory(dir))).isInstanceOfSatisfying(UnreadableStateException.class, e -> {
            assertThat(e.flowId()).isEqualTo("legacy-events");
            assertThat(e.getMessage()).contains("flow \"legacy-events\"", dir.toAbsolutePath().toString(),
                    "formatVersion 99, written by a newer datasetexport");
        });
    }

    @Test
    void directoryStore_corruptState_isRefusedNamingFlowAndStoreNotARecordError() throws Exception {
        copyTree(FIXTURES.resolve("directory"), dir);
        Path flowJson = dir.resolve("flows/legacy-events/flow.json");
        Files.writeString(flowJson, Files.readString(flowJson).replace("\"createdAt\"", "\"createdOn\""));
        assertThatThrownBy(() -> StateStore.directory(dir).flows()).isInstanceOf(UnreadableStateException.class)
                .hasMessageContaining("flow \"legacy-events\"").hasMessageContaining("missing text field \"createdAt\"");
    }

    @Test
    void jdbcStore_schemaFromANewerVersion_isRefused() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        StateStore.jdbc(h2).flows();
        try (Connection c = h2.getConnection(); Statement st = c.createStatement()) {
            st.execute("UPDATE datasetexport_schema SET version = 7");
        }
        assertThatThrownBy(() -> StateStore.jdbc(h2).flows()).isInstanceOf(UnreadableStateException.class)
                .hasMessageContaining("schema version 7, written by a newer datasetexport");
    }

    private static List<String> query(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            List<String> out = new java.util.ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    try (InputStream in = Files.newInputStream(p)) {
                        Files.copy(in, target);
                    }
                }
            }
        }
    }
}
