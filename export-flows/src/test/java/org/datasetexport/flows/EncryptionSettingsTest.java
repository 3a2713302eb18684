package org.datasetexport.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.datasetexport.flows.FlowFixture.T0;

import org.datasetexport.ConfigurationException;
import org.datasetexport.DatasetExport;
import org.datasetexport.Encryption;
import org.datasetexport.ExportResult;
import org.datasetexport.ExportSettings;
import org.datasetexport.ExportTestData;
import org.datasetexport.Schedule;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.datasetexport.testing.MemoryDestination;
import org.datasetexport.testing.MutableClock;
import org.junit.jupiter.api.Test;

/**
 * Settings that name an encryption key must never export plain text: without a key for that name
 * every path is refused before anything is read or written, naming the key.
 */
class EncryptionSettingsTest {
    private final MemoryDestination memory = MemoryDestination.create();
    private final MutableClock clock = MutableClock.at(T0);
    private final ExportSettings encrypted = ExportSettings.builder().format("text").encryption("customer-key").build();

    @Test
    void run_settingsNameAKeyButNoKeyIsGiven_refusedNamingTheKeyAndNothingWritten() {
        assertThatThrownBy(() -> DatasetExport.from(ExportTestData.dataset(5)).to(memory).settings(encrypted).run())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("\"customer-key\"")
                .hasMessageContaining("no key was given");
        assertThat(memory.committedPaths()).isEmpty();
        assertThat(memory.commitLog()).isEmpty();
    }

    @Test
    void dryRun_settingsNameAKeyButNoKeyIsGiven_refused() {
        assertThatThrownBy(() -> DatasetExport.from(ExportTestData.dataset(5)).to(memory).settings(encrypted).dryRun())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("\"customer-key\"");
    }

    @Test
    void run_withTheKeyGiven_writesEncryptedFiles() throws IOException {
        ExportResult result = DatasetExport.from(ExportTestData.dataset(5)).to(memory).settings(encrypted)
                .encryption(new MarkingEncryption()).run();
        assertThat(result.files()).allSatisfy(f -> assertThat(f.path()).endsWith(".mark"));
        try (InputStream in = memory.open(result.files().get(0).path())) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).startsWith(MarkingEncryption.HEADER);
        }
    }

    @Test
    void start_keyNotRegisteredInTheScheduler_refusedAndNoFlowCreated() {
        try (ExportScheduler scheduler = scheduler()) {
            assertThatThrownBy(() -> DatasetExport.from(ExportTestData.datasetWithIngestion(5, T0)).to(memory)
                    .settings(encrypted).schedule(Schedule.everyHours(1).startingAt(T0)).flowId("f").start(scheduler))
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("\"customer-key\"");
            assertThat(scheduler.flows()).isEmpty();
        }
    }

    @Test
    void start_keyRegisteredInTheScheduler_runsEncryptWithIt() throws IOException {
        try (ExportScheduler scheduler = scheduler()) {
            scheduler.encryptionKeys().register("customer-key", new MarkingEncryption());
            ExportFlow flow = DatasetExport.from(ExportTestData.datasetWithIngestion(5, T0)).to(memory)
                    .settings(encrypted).schedule(Schedule.everyHours(1).startingAt(T0)).flowId("f").start(scheduler);
            clock.set(T0.plusSeconds(60));
            scheduler.runDue();
            assertThat(flow.runs().get(0).status()).isEqualTo(RunStatus.SUCCEEDED);
            List<String> data = memory.committedPaths().stream().filter(p -> !p.contains("/manifest-")).toList();
            assertThat(data).isNotEmpty().allSatisfy(p -> assertThat(p).endsWith(".mark"));
            try (InputStream in = memory.open(data.get(0))) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).startsWith(MarkingEncryption.HEADER);
            }
        }
    }

    @Test
    void restoredFlow_keyNotRegistered_refusedNamingTheKey() {
        try (ExportScheduler scheduler = scheduler()) {
            scheduler.datasets().register(ExportTestData.datasetWithIngestion(5, T0));
            scheduler.connections().register(memory);
            FlowDefinition definition = FlowDefinition.builder().flowId("restored").datasetId("events")
                    .connection(memory.id()).schedule(Schedule.everyHours(1).startingAt(T0)).settings(encrypted).build();
            assertThatThrownBy(() -> scheduler.createFlow(definition)).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("\"customer-key\"");
        }
    }

    private ExportScheduler scheduler() {
        return ExportScheduler.builder().clock(clock).stateStore(StateStore.inMemory()).withoutBackgroundPolling().build();
    }

    /** A stand-in key: prefixes every file with a header, so a test tells encrypted from plain bytes. */
    static final class MarkingEncryption implements Encryption {
        static final String HEADER = "ENCRYPTED:";

        @Override
        public String name() {
            return "mark";
        }

        @Override
        public String fileSuffix() {
            return ".mark";
        }

        @Override
        public String keyId() {
            return "k1";
        }

        @Override
        public OutputStream encrypt(OutputStream out, String fileName) throws IOException {
            out.write(HEADER.getBytes(StandardCharsets.UTF_8));
            return new FilterOutputStream(out);
        }
    }
}
