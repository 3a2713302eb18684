package org.datasetexport.encryption.pgp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.datasetexport.ConfigurationException;
import org.datasetexport.DatasetExport;
import org.datasetexport.Encryption;
import org.datasetexport.flows.ExportFlow;
import org.datasetexport.ExportMode;
import org.datasetexport.flows.ExportRun;
import org.datasetexport.flows.ExportScheduler;
import org.datasetexport.ExportSettings;
import org.datasetexport.flows.FlowDefinition;
import org.datasetexport.flows.RunStatus;
import org.datasetexport.Schedule;
import org.datasetexport.flows.StateStore;
import org.datasetexport.data.DataType;
import org.datasetexport.data.Dataset;
import org.datasetexport.data.Datasets;
import org.datasetexport.data.Field;
import org.datasetexport.data.Row;
import org.datasetexport.data.Schema;
import org.datasetexport.flows.service.EncryptionKeys;
import org.datasetexport.flows.service.ExportService;
import org.datasetexport.testing.MemoryDestination;
import org.datasetexport.testing.MutableClock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 15: encrypted flows persist the key's name (never the key), re-attach after a restart and can be created through ExportService. */
class EncryptedFlowTest {
    private static final Instant T0 = Instant.parse("2026-11-28T00:00:00Z");
    private static final Schema SCHEMA = Schema.of(Field.required("id", DataType.LONG), Field.required("at", DataType.TIMESTAMP));
    private static PgpKeys keys;

    @TempDir
    Path stateDir;
    private final List<Row> rows = new CopyOnWriteArrayList<>();
    private final Dataset dataset = Datasets.of("events", SCHEMA, rows, r -> (Instant) r.get(1));
    private final MemoryDestination memory = MemoryDestination.create();
    private final MutableClock clock = MutableClock.at(T0);

    @BeforeAll
    static void keys() throws Exception {
        keys = PgpKeys.rsa();
    }

    private ExportScheduler scheduler() {
        return ExportScheduler.builder().clock(clock).stateStore(StateStore.directory(stateDir)).withoutBackgroundPolling().build();
    }

    /** Decrypts every data file the run committed and returns their JSON lines. */
    private List<String> decryptedLines(ExportRun run) throws Exception {
        String folder = run.manifestPath().orElseThrow().substring(0, run.manifestPath().get().lastIndexOf('/') + 1);
        List<String> lines = new java.util.ArrayList<>();
        for (String path : memory.committedPaths()) {
            if (path.startsWith(folder) && !path.contains("/manifest-")) {
                assertThat(path).endsWith(".json.gpg");
                try (InputStream raw = memory.open(path); InputStream clear = keys.decrypt(new ByteArrayInputStream(raw.readAllBytes()))) {
                    lines.addAll(new String(clear.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
                }
            }
        }
        return lines;
    }

    @Test
    void encryptedFlow_restartedApp_reattachesWithTheRegisteredKeyAndKeepsEncrypting() throws Exception {
        Encryption key = Encryption.openPgp(keys.armoredPublic);
        try (ExportScheduler first = scheduler()) {
            ExportFlow flow = DatasetExport.from(dataset).to(memory).format("json").encryption(key).manifest(true)
                    .flowId("secret").schedule(Schedule.everyHours(1).startingAt(T0))
                    .mode(ExportMode.FIRST_FULL_THEN_INCREMENTAL).start(first);
            assertThat(flow.definition().settings().encryption()).contains(EncryptionKeys.defaultName(key));
            rows.add(Row.of(1L, T0.minusSeconds(10)));
            clock.set(T0.plusSeconds(5));
            ExportRun run = first.runDue().get(0);
            assertThat(decryptedLines(run)).singleElement().satisfies(l -> assertThat(l).contains("\"id\":1"));
        }
        // the key is not in the state, only its name
        try (var files = Files.walk(stateDir)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(p)).doesNotContain("PGP PUBLIC KEY").doesNotContain(keys.armoredPublic.substring(60, 120));
            }
        }

        // restarted without the key: the flow does not attach, so it never runs unencrypted
        try (ExportScheduler withoutKey = ExportScheduler.builder().clock(clock).stateStore(StateStore.directory(stateDir))
                .withoutBackgroundPolling().build()) {
            withoutKey.datasets().register(dataset);
            withoutKey.connections().register(memory);
            assertThat(withoutKey.flows()).isEmpty();
        }

        // restarted with the key registered under its name: re-attached, next window encrypted
        try (ExportScheduler second = ExportScheduler.builder().clock(clock).stateStore(StateStore.directory(stateDir))
                .datasets(new org.datasetexport.flows.service.DatasetCatalog().register(dataset))
                .connections(new org.datasetexport.flows.service.Connections().register(memory))
                .encryptionKeys(new EncryptionKeys().register(Encryption.openPgp(keys.armoredPublic)))
                .withoutBackgroundPolling().build()) {
            ExportFlow flow = second.flow("secret").orElseThrow();
            rows.add(Row.of(2L, T0.plus(Duration.ofMinutes(30))));
            clock.set(T0.plus(Duration.ofHours(1)).plusSeconds(5));
            ExportRun run = second.runDue().get(0);
            assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(decryptedLines(run)).singleElement().satisfies(l -> assertThat(l).contains("\"id\":2"));
            assertThat(flow.runs()).hasSize(2);
        }
    }

    @Test
    void createFlowThroughTheService_withARegisteredKeyName_encryptsItsFiles() throws Exception {
        try (ExportScheduler scheduler = scheduler()) {
            scheduler.datasets().register(dataset);
            scheduler.connections().register("partner", memory);
            scheduler.encryptionKeys().register("partner-key", Encryption.openPgp(keys.armoredPublic));
            FlowDefinition.Builder definition = FlowDefinition.builder().flowId("to-partner").datasetId("events")
                    .connection("partner").schedule(Schedule.everyHours(1));
            ExportService service = ExportService.of(scheduler);

            assertThatThrownBy(() -> service.createFlow(definition.settings(ExportSettings.builder().format("json")
                    .encryption("unknown-key").build()).build()))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("encrypts with the key \"unknown-key\", which is not registered")
                    .hasMessageContaining("[partner-key]");

            ExportFlow flow = service.createFlow(definition.settings(ExportSettings.builder().format("json").manifest(true)
                    .encryption("partner-key").build()).build());
            rows.add(Row.of(7L, T0.minusSeconds(1)));
            ExportRun run = flow.runNow();
            assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(decryptedLines(run)).singleElement().satisfies(l -> assertThat(l).contains("\"id\":7"));
        }
    }
}
