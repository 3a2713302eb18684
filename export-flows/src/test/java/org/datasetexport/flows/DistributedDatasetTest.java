package org.datasetexport.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.datasetexport.ConfigurationException;
import org.datasetexport.DatasetExport;
import org.datasetexport.DestinationSpec;
import org.datasetexport.Destinations;
import org.datasetexport.ExportMode;
import org.datasetexport.ExportException;
import org.datasetexport.ExportResult;
import org.datasetexport.ExportSettings;
import org.datasetexport.ExportVerifier;
import org.datasetexport.ExportedFile;
import org.datasetexport.Schedule;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.datasetexport.data.DataType;
import org.datasetexport.data.RowReader;
import org.datasetexport.data.ScanRequest;
import org.datasetexport.data.Schema;
import org.datasetexport.data.Split;
import org.datasetexport.engine.FileNames;
import org.datasetexport.spi.Destination;
import org.datasetexport.spi.DistributedDataset;
import org.datasetexport.spi.DistributedRun;
import org.datasetexport.spi.StagedOutput;
import org.datasetexport.testing.MemoryDestination;
import org.datasetexport.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link DistributedDataset} contract without Spark: the core hands a run to the dataset's own
 * engine (which rebuilds the destination from the URI), then writes the manifest last; a manifest
 * that fails removes the engine's files; a destination built in code is refused before the engine
 * runs; a flow hands the engine its successive windows.
 */
class DistributedDatasetTest {
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    private final String name = "distributed-" + UUID.randomUUID().toString().substring(0, 8);
    private final MemoryDestination memory = MemoryDestination.named(name);
    private final Engine engine = new Engine();

    @AfterEach
    void close() {
        memory.close();
    }

    /** Writes each run as two one-line files itself, with the run's names, as export-spark's tasks would. */
    static final class Engine implements DistributedDataset {
        final List<DistributedRun> runs = new ArrayList<>();

        @Override
        public String id() {
            return "events";
        }

        @Override
        public Schema schema() {
            return Schema.of(org.datasetexport.data.Field.required("id", DataType.LONG));
        }

        @Override
        public boolean hasIngestionTime() {
            return true;
        }

        @Override
        public List<? extends Split> plan(ScanRequest request) {
            return List.of(() -> "the whole window");
        }

        @Override
        public RowReader read(Split split) {
            throw new AssertionError("a distributed dataset is never read by the SDK's workers");
        }

        @Override
        public List<ExportedFile> write(DistributedRun run) {
            runs.add(run);
            List<ExportedFile> files = new ArrayList<>();
            String folder = FileNames.runFolder(run.settings().folder(), run.datasetId(), FileNames.exportTime(run.scheduledTime()));
            try (Destination d = Destinations.of(run.destinationUri(), run.destinationOptions())) {
                for (int part = 0; part < 2; part++) {
                    String path = folder + "/" + FileNames.dataFile(part, run.runId(), 0, "txt");
                    byte[] bytes = ("row " + part + "\n").getBytes(StandardCharsets.UTF_8);
                    try (StagedOutput out = d.create(path)) {
                        try (OutputStream s = out.stream()) {
                            s.write(bytes);
                        }
                        out.commit();
                    }
                    files.add(new ExportedFile(path, bytes.length, 1, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes))));
                }
            } catch (IOException | java.security.NoSuchAlgorithmException e) {
                throw new ExportException("engine failed", e);
            }
            return files;
        }
    }

    @Test
    void aRun_isWrittenByTheEngine_andTheManifestComesLast() throws Exception {
        ExportResult result = DatasetExport.from(engine).to("memory://" + name).format("text").folder("out").manifest(true).run();

        assertThat(engine.runs).singleElement().satisfies(run -> {
            assertThat(run.runId()).isEqualTo(result.runId());
            assertThat(run.destinationUri()).isEqualTo("memory://" + name);
            assertThat(run.settings().folder()).isEqualTo("out");
            assertThat(run.schema()).isEqualTo(engine.schema());
        });
        assertThat(result.files()).hasSize(2);
        assertThat(result.records()).isEqualTo(2);
        List<String> log = memory.commitLog();
        assertThat(log.get(log.size() - 1)).isEqualTo(result.manifestPath().orElseThrow());
        assertThat(ExportVerifier.verify(memory, result.manifestPath().orElseThrow()).problems()).isEmpty();
    }

    @Test
    void aManifestThatFails_removesTheEnginesFiles() {
        memory.failWhen(MemoryDestination.Operation.COMMIT, p -> p.contains("/manifest-"), new IOException("disk full"));
        assertThatThrownBy(() -> DatasetExport.from(engine).to("memory://" + name).format("text").manifest(true).run())
                .isInstanceOf(ExportException.class).hasMessageContaining("disk full");
        assertThat(engine.runs).hasSize(1);
        assertThat(memory.committedPaths()).isEmpty();
    }

    @Test
    void aDestinationBuiltInCode_isRefusedBeforeTheEngineRuns() {
        MemoryDestination inCode = MemoryDestination.create();
        assertThatThrownBy(() -> DatasetExport.from(engine).to(inCode).format("text").run())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("was built in code: give the export to(uri, options)");
        assertThat(engine.runs).isEmpty();
        assertThat(inCode.committedPaths()).isEmpty();
    }

    /**
     * Nothing global remembers how a destination was built: one built from a URI but handed over as
     * an object is "built in code" too; a connection registered with its URI and options gives a
     * restored flow's engine what it needs.
     */
    @Test
    void theUriTravelsWithThePlanOrTheConnection_notInGlobalState() {
        try (Destination built = Destinations.of("memory://" + name)) {
            assertThatThrownBy(() -> DatasetExport.from(engine).to(built).format("text").run())
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("built in code");
        }
        MutableClock clock = MutableClock.at(T0.plusSeconds(60));
        FlowDefinition definition = FlowDefinition.builder().flowId("restored").datasetId(engine.id()).connection("lake")
                .schedule(Schedule.everyHours(1).startingAt(T0)).settings(ExportSettings.builder().format("text").build()).build();
        for (boolean withSpec : new boolean[] {false, true}) {
            DestinationSpec spec = DestinationSpec.of("memory://" + name, java.util.Map.of());
            try (Destination lake = spec.open();
                 ExportScheduler scheduler = ExportScheduler.builder().clock(clock).stateStore(StateStore.inMemory())
                         .datasets(new org.datasetexport.flows.service.DatasetCatalog().register(engine))
                         .connections(withSpec ? new org.datasetexport.flows.service.Connections().register("lake", lake, spec)
                                 : new org.datasetexport.flows.service.Connections().register("lake", lake))
                         .withoutBackgroundPolling().build()) {
                scheduler.createFlow(definition);
                ExportRun run = scheduler.runDue().get(0);
                if (withSpec) {
                    assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
                } else {
                    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
                    assertThat(run.error()).hasValueSatisfying(e -> assertThat(e).contains("built in code"));
                }
            }
        }
        // secrets with '/', '@', ' ' and percent-encoding, in the options and in the URI's user info
        DestinationSpec hostile = DestinationSpec.of("sftp://us%40er:s3c%2Fr3t@host/exports",
                java.util.Map.of("password", "p/a@ss w%40rd"));
        assertThat(hostile.toString()).doesNotContain("p/a@ss", "w%40rd", "s3c", "us%40er", "us@er")
                .contains("options [password]");
    }

    @Test
    void aFlow_handsTheEngineItsSuccessiveWindows() {
        MutableClock clock = MutableClock.at(T0.plusSeconds(60));
        try (ExportScheduler scheduler = ExportScheduler.builder().clock(clock).stateStore(StateStore.inMemory())
                .withoutBackgroundPolling().build()) {
            DatasetExport.from(engine).to("memory://" + name).format("text").manifest(true).flowId("engine-flow")
                    .schedule(Schedule.everyHours(1).startingAt(T0)).mode(ExportMode.FIRST_FULL_THEN_INCREMENTAL).start(scheduler);
            assertThat(scheduler.runDue()).singleElement().extracting(ExportRun::status).isEqualTo(RunStatus.SUCCEEDED);
            clock.advance(Duration.ofHours(1));
            assertThat(scheduler.runDue()).singleElement().extracting(ExportRun::status).isEqualTo(RunStatus.SUCCEEDED);
        }
        assertThat(engine.runs).hasSize(2);
        assertThat(engine.runs.get(0).window().from()).isEmpty();
        assertThat(engine.runs.get(1).window().from()).contains(engine.runs.get(0).window().to());
        assertThat(engine.runs.get(1).flowId()).isEqualTo("engine-flow");
    }
}
