package org.datasetexport.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.datasetexport.flows.FlowFixture.T0;

import org.datasetexport.ConfigurationException;
import org.datasetexport.DatasetExport;
import org.datasetexport.ExportException;
import org.datasetexport.Schedule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.datasetexport.testing.MemoryDestination;
import org.datasetexport.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run history is bounded, read newest first, and nothing is written where the user did not say. */
class RunHistoryLimitTest {
    private final MutableClock clock = MutableClock.at(T0);
    private final MemoryDestination memory = MemoryDestination.create();
    private final FlowFixture data = new FlowFixture();

    @TempDir
    Path stateDir;

    private List<ExportRun> runSeven(StateStore store) {
        try (ExportScheduler scheduler = ExportScheduler.builder().clock(clock).stateStore(store).historyLimit(3)
                .withoutBackgroundPolling().build()) {
            ExportFlow flow = DatasetExport.from(data.dataset).to(memory).format("text").flowId("bounded")
                    .schedule(Schedule.everyHours(1).startingAt(T0)).start(scheduler);
            for (int i = 0; i < 7; i++) {
                data.add(clock.instant());
                clock.advance(Duration.ofHours(1));
                assertThat(scheduler.runDue()).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED));
            }
            return flow.runs();
        }
    }

    @Test
    void directoryStore_keepsTheNewestRunsOnly_andTheirFilesOnly() throws IOException {
        List<ExportRun> runs = runSeven(StateStore.directory(stateDir));
        assertThat(runs).hasSize(3);
        assertThat(runs).extracting(ExportRun::scheduledTime).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(runs.get(0).scheduledTime()).isEqualTo(T0.plus(Duration.ofHours(7)));
        try (Stream<Path> files = Files.list(stateDir.resolve("flows/bounded/runs"))) {
            assertThat(files.filter(f -> f.toString().endsWith(".json"))).hasSize(3);
        }
    }

    @Test
    void inMemoryStore_keepsTheNewestRunsOnly() {
        List<ExportRun> runs = runSeven(StateStore.inMemory());
        assertThat(runs).extracting(ExportRun::scheduledTime).containsExactly(T0.plus(Duration.ofHours(7)),
                T0.plus(Duration.ofHours(6)), T0.plus(Duration.ofHours(5)));
    }

    @Test
    void directoryStore_readsAPageWithoutParsingTheOthers() throws IOException {
        StateStore store = StateStore.directory(stateDir);
        runSeven(StateStore.directory(stateDir));
        // a corrupt older run file: reading the newest page must not touch it
        Path runsDir = stateDir.resolve("flows/bounded/runs");
        Path oldest;
        try (Stream<Path> files = Files.list(runsDir)) {
            oldest = files.filter(f -> f.toString().endsWith(".json")).sorted().findFirst().orElseThrow();
        }
        Files.writeString(oldest, "{ not json");
        assertThat(store.runs("bounded", 0, 2)).hasSize(2);
        assertThatThrownBy(() -> store.runs("bounded", 0, 3)).isInstanceOf(ExportException.class);
    }

    @Test
    void directoryStore_runFilesOfTheEarlierNaming_areReadInOrderAndRenamedOnce() throws IOException {
        StateStore store = StateStore.directory(stateDir);
        ExportRun older = ExportRun.scheduled("run-a", "legacy", RunTrigger.SCHEDULED, 1, T0, T0,
                org.datasetexport.data.TimeWindow.upTo(T0));
        ExportRun newer = ExportRun.scheduled("run-b", "legacy", RunTrigger.SCHEDULED, 1, T0.plusSeconds(3600),
                T0.plusSeconds(3600), org.datasetexport.data.TimeWindow.upTo(T0.plusSeconds(3600)));
        Path runsDir = Files.createDirectories(stateDir.resolve("flows/legacy/runs"));
        Files.writeString(runsDir.resolve("run-a.json"), org.datasetexport.flows.internal.state.FlowJson.runToJson(older));
        Files.writeString(runsDir.resolve("run-b.json"), org.datasetexport.flows.internal.state.FlowJson.runToJson(newer));
        assertThat(store.runs("legacy", 0, 10)).containsExactly(newer, older);
        assertThat(runsDir.resolve("run-a.json")).doesNotExist();
        assertThat(store.runs("legacy", 1, 10)).containsExactly(older);
    }

    @Test
    void historyLimit_belowOne_isRefused() {
        assertThatThrownBy(() -> ExportScheduler.builder().historyLimit(0)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("historyLimit");
    }

    @Test
    void aSchedulerWithoutAStateStore_writesNothingIntoTheWorkingDirectory() throws IOException {
        Path cwd = Path.of("").toAbsolutePath();
        List<Path> before;
        try (Stream<Path> entries = Files.list(cwd)) {
            before = entries.sorted().toList();
        }
        try (ExportScheduler scheduler = ExportScheduler.builder().clock(clock).withoutBackgroundPolling().build()) {
            DatasetExport.from(data.dataset).to(memory).format("text").flowId("nowhere")
                    .schedule(Schedule.everyHours(1).startingAt(T0)).start(scheduler);
            data.add(T0);
            clock.advance(Duration.ofHours(1));
            assertThat(scheduler.runDue()).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED));
        }
        try (Stream<Path> entries = Files.list(cwd)) {
            assertThat(entries.sorted().toList()).as("entries of the working directory").isEqualTo(before);
        }
    }
}
