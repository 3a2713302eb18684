package org.datasetexport.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.datasetexport.flows.FlowFixture.T0;

import org.datasetexport.ConfigurationException;
import org.datasetexport.CountingDestinationProvider;
import org.datasetexport.DatasetExport;
import org.datasetexport.ExportBuilder;
import org.datasetexport.Destinations;
import org.datasetexport.ExportMode;
import org.datasetexport.ExportResult;
import org.datasetexport.ExportSettings;
import org.datasetexport.HeldRow;
import org.datasetexport.Schedule;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.datasetexport.data.Datasets;
import org.datasetexport.data.Row;
import org.datasetexport.flows.service.ExportService;
import org.datasetexport.testing.MemoryDestination;
import org.datasetexport.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue 15: behaviour of flows around their definition, their time stamps and what they own. */
class FlowLifecycleTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final MutableClock clock = MutableClock.at(T0);
    private final FlowFixture data = new FlowFixture();
    private final MemoryDestination memory = MemoryDestination.create();
    private final ExportScheduler scheduler = ExportScheduler.builder().clock(clock).stateStore(StateStore.inMemory())
            .withoutBackgroundPolling().build();

    @AfterEach
    void close() {
        scheduler.close();
        memory.assertNoOpenOutputs();
    }

    private ExportBuilder incremental() {
        return DatasetExport.from(data.dataset).to(memory).format("text").manifest(true).flowId("f")
                .schedule(Schedule.everyHours(1).startingAt(T0)).mode(ExportMode.FIRST_FULL_THEN_INCREMENTAL);
    }

    // ---- FIRST_FULL_THEN_INCREMENTAL needs an ingestion time ----

    @Test
    void start_incrementalOnADatasetWithoutIngestionTime_isRefusedSayingHowToGiveOne() {
        ExportBuilder builder = DatasetExport.from(Datasets.of("plain", FlowFixture.SCHEMA, List.<Row>of())).to(memory)
                .format("text").schedule(Schedule.everyHours(1)).mode(ExportMode.FIRST_FULL_THEN_INCREMENTAL);
        assertThatThrownBy(() -> builder.start(scheduler)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("dataset \"plain\" has no ingestion time")
                .hasMessageContaining("Datasets.of(id, schema, rows, row -> ingestionTime)");
        assertThat(scheduler.flows()).isEmpty();
        assertThat(scheduler.stateStore().flows()).isEmpty();
        // FULL on the same dataset is fine
        builder.mode(ExportMode.FULL).start(scheduler);
        assertThat(scheduler.flows()).hasSize(1);
    }

    @Test
    void createFlow_incrementalOnADatasetWithoutIngestionTime_isRefused() {
        scheduler.datasets().register(Datasets.of("plain", FlowFixture.SCHEMA, List.<Row>of()));
        scheduler.connections().register("mem", memory);
        FlowDefinition definition = FlowDefinition.builder().flowId("g").datasetId("plain").connection("mem")
                .schedule(Schedule.everyHours(1))
                .settings(ExportSettings.builder().format("text").mode(ExportMode.FIRST_FULL_THEN_INCREMENTAL).build())
                .build();
        assertThatThrownBy(() -> ExportService.of(scheduler).createFlow(definition))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("dataset \"plain\" has no ingestion time");
        assertThat(scheduler.stateStore().flows()).isEmpty();
        // a policy-wrapped or labelled dataset keeps the ingestion time of the one it wraps
        assertThat(Datasets.withLabels(data.dataset, "C1").hasIngestionTime()).isTrue();
    }

    // ---- whole-second times ----

    @Test
    void run_manualTimeWithNanos_recordsWholeSecondsInTheManifestAndFolder() throws Exception {
        clock.set(Instant.parse("2026-11-28T09:15:42.123456789Z"));
        data.add(T0);
        ExportResult result = DatasetExport.from(data.dataset).to(memory).format("text").manifest(true).clock(clock).run();
        JsonNode manifest = manifest(result.manifestPath().orElseThrow());
        assertThat(manifest.get("scheduledTime").asText()).isEqualTo("2026-11-28T09:15:42Z");
        assertThat(result.exportTime()).isEqualTo("202611280915");
    }

    @Test
    void runNow_timeWithNanos_recordsWholeSecondsInHistoryAndManifest() throws Exception {
        ExportFlow flow = incremental().start(scheduler);
        data.add(T0);
        clock.set(Instant.parse("2026-11-28T09:15:42.987654321Z"));
        ExportRun run = flow.runNow();
        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.scheduledTime()).isEqualTo(Instant.parse("2026-11-28T09:15:42Z"));
        assertThat(manifest(run.manifestPath().orElseThrow()).get("scheduledTime").asText())
                .isEqualTo("2026-11-28T09:15:42Z");
    }

    @Test
    void scheduledRun_manifestTimeIsTheSlotNotWhenTheRunStarted() throws Exception {
        incremental().start(scheduler);
        data.add(T0.minusSeconds(5));
        clock.set(T0.plusSeconds(7).plusNanos(31));
        ExportRun run = scheduler.runDue().get(0);
        assertThat(run.scheduledTime()).isEqualTo(T0);
        assertThat(manifest(run.manifestPath().orElseThrow()).get("scheduledTime").asText()).isEqualTo(T0.toString());
    }

    // ---- changing a started flow's definition ----

    @Test
    void startAgainWithChangedSettings_keepsWatermarkAndHistoryAndRecordsTheChange() throws Exception {
        ExportFlow first = incremental().maxRecordsPerFile(10).start(scheduler);
        data.add(T0.minusSeconds(10));
        clock.set(T0.plusSeconds(30));
        assertThat(scheduler.runDue()).singleElement().extracting(ExportRun::records).isEqualTo(1L);
        Instant watermark = first.watermark().orElseThrow();

        clock.set(T0.plusSeconds(60));
        ExportFlow changed = incremental().maxRecordsPerFile(1).folder("v2").start(scheduler);
        assertThat(changed.watermark()).contains(watermark);
        assertThat(changed.definition().settings().maxRecordsPerFile()).isEqualTo(1);
        List<ExportRun> history = changed.runs();
        assertThat(history).hasSize(2);
        ExportRun change = history.get(0);
        assertThat(change.trigger()).isEqualTo(RunTrigger.DEFINITION_CHANGE);
        assertThat(change.records()).isZero();
        assertThat(change.startedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(change.note()).hasValue("settings.folder  -> v2, settings.max-records-per-file 10 -> 1");
        assertThat(history.get(1).trigger()).isEqualTo(RunTrigger.SCHEDULED);

        // the next run uses the new settings and starts exactly at the carried-over watermark
        data.add(watermark.plusNanos(1000));
        data.add(watermark.plusSeconds(1));
        clock.set(T0.plus(Duration.ofHours(1)).plusSeconds(5));
        ExportRun next = scheduler.runDue().get(0);
        assertThat(next.window().from()).contains(watermark);
        assertThat(next.records()).isEqualTo(2);
        assertThat(next.fileCount()).isEqualTo(2);
        assertThat(memory.committedPaths()).filteredOn(p -> p.startsWith("v2/")).hasSize(3);

        // the same definition again records nothing
        incremental().maxRecordsPerFile(1).folder("v2").start(scheduler);
        assertThat(changed.runs()).hasSize(3);
    }

    // ---- ownership of what the SDK builds ----

    @Test
    void close_closesDestinationsItBuiltFromAUriAndLeavesNoThreads() {
        int before = CountingDestinationProvider.open();
        List<Thread> threadsBefore = List.copyOf(Thread.getAllStackTraces().keySet());
        ExportScheduler polling = ExportScheduler.builder().clock(clock).stateStore(StateStore.inMemory())
                .pollInterval(Duration.ofMillis(50)).build();
        DatasetExport.from(data.dataset).to("counting://a").format("text").flowId("a")
                .schedule(Schedule.everyHours(1)).start(polling);
        DatasetExport.from(data.dataset).to("counting://b").format("text").flowId("b")
                .schedule(Schedule.everyHours(1)).start(polling);
        assertThat(CountingDestinationProvider.open()).isEqualTo(before + 2);
        assertThat(newSchedulerThreads(threadsBefore)).isNotEmpty();

        polling.close();

        assertThat(CountingDestinationProvider.open()).isEqualTo(before);
        assertThat(CountingDestinationProvider.clientThreads()).isZero();
        assertThat(newSchedulerThreads(threadsBefore)).isEmpty();
    }

    @Test
    void aFlowCreatedOnAPollingScheduler_runsItsDueSlotWithoutWaitingForTheNextPoll() throws Exception {
        clock.advance(Duration.ofMinutes(90)); // T0's slot is due
        try (ExportScheduler polling = ExportScheduler.builder().clock(clock).stateStore(StateStore.inMemory())
                .pollInterval(Duration.ofHours(1)).build()) {
            ExportFlow flow = incremental().start(polling);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (flow.runs().stream().noneMatch(r -> r.status() == RunStatus.SUCCEEDED) && System.nanoTime() < deadline) {
                Thread.sleep(20); // the run happens on the scheduler's own threads
            }
            // the only poll before the flow existed found nothing; the next is an hour away
            assertThat(flow.runs()).extracting(ExportRun::status).contains(RunStatus.SUCCEEDED);
        }
    }

    @Test
    void flowsGivenToTheBuilder_areAllCheckedBeforeTheFirstPoll_soABadOneLeavesNothingRun() {
        clock.advance(Duration.ofMinutes(90)); // the good flow's first slot is due
        StateStore store = StateStore.inMemory();
        FlowDefinition good = FlowDefinition.builder().flowId("good").datasetId(data.dataset.id()).connection("mem")
                .schedule(Schedule.everyHours(1).startingAt(T0)).settings(ExportSettings.builder().format("text").build()).build();
        FlowDefinition bad = good.toBuilder().flowId("bad").datasetId("no-such-dataset").build();
        List<Thread> threadsBefore = List.copyOf(Thread.getAllStackTraces().keySet());
        assertThatThrownBy(() -> ExportScheduler.builder().clock(clock).stateStore(store).pollInterval(Duration.ofMillis(10))
                .datasets(new org.datasetexport.flows.service.DatasetCatalog().register(data.dataset))
                .connections(new org.datasetexport.flows.service.Connections().register("mem", memory))
                .flow(good, "flows.good").flow(bad, "flows.bad").build())
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("flows.bad: ").hasMessageContaining("no-such-dataset");
        // nothing polled, so the due slot of the flow before it never ran, and no thread is left
        assertThat(store.runs("good", 0, 10)).isEmpty();
        assertThat(memory.committedPaths()).isEmpty();
        assertThat(newSchedulerThreads(threadsBefore)).isEmpty();
    }

    @Test
    void start_failsAfterTheDestinationWasBuilt_closesItRightAway() {
        incremental().start(scheduler).cancel();
        int before = CountingDestinationProvider.open();
        assertThatThrownBy(() -> DatasetExport.from(data.dataset).to("counting://c").format("text").flowId("f")
                .schedule(Schedule.everyHours(1)).start(scheduler))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("was cancelled");
        assertThat(CountingDestinationProvider.open()).isEqualTo(before);
        assertThat(CountingDestinationProvider.clientThreads()).isZero();
    }

    @Test
    void reattachOrDelete_closesTheReplacedDestinationOnly() {
        int before = CountingDestinationProvider.open();
        DatasetExport.from(data.dataset).to("counting://d").format("text").flowId("d")
                .schedule(Schedule.everyHours(1)).start(scheduler);
        DatasetExport.from(data.dataset).to("counting://d").format("text").flowId("d").manifest(true)
                .schedule(Schedule.everyHours(1)).start(scheduler);
        assertThat(CountingDestinationProvider.open()).isEqualTo(before + 1);
        assertThat(scheduler.deleteFlow("d")).isTrue();
        assertThat(CountingDestinationProvider.open()).isEqualTo(before);
        // a destination the app passed in stays the app's: still registered (close() would unregister it)
        String name = "app-owned-" + java.util.UUID.randomUUID();
        try (MemoryDestination appOwned = MemoryDestination.named(name)) {
            DatasetExport.from(data.dataset).to(appOwned).format("text").flowId("e")
                    .schedule(Schedule.everyHours(1)).start(scheduler);
            DatasetExport.from(data.dataset).to(appOwned).format("text").flowId("e").manifest(true)
                    .schedule(Schedule.everyHours(1)).start(scheduler);
            scheduler.deleteFlow("e");
            assertThat(Destinations.of("memory://" + name).id()).isEqualTo(appOwned.id());
        }
    }

    @Test
    void reattachWithAnotherDestinationDuringARun_closesTheOldOneOnlyWhenTheRunEnds() throws Exception {
        HeldRow held = new HeldRow(Row.of(1L, T0));
        org.datasetexport.data.Dataset slow = Datasets.of("events", FlowFixture.SCHEMA, held);
        int before = CountingDestinationProvider.open();
        DatasetExport.from(slow).to("counting://old").format("text").flowId("busy").schedule(Schedule.everyHours(1)).start(scheduler);
        java.util.concurrent.ExecutorService runner = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            java.util.concurrent.Future<ExportRun> running = runner.submit(() -> scheduler.flow("busy").orElseThrow().runNow());
            assertThat(held.awaitReading()).isTrue();
            DatasetExport.from(slow).to("counting://new").format("text").flowId("busy").schedule(Schedule.everyHours(1))
                    .start(scheduler);
            assertThat(CountingDestinationProvider.open()).as("the run still writes to the old one").isEqualTo(before + 2);
            held.release();
            assertThat(running.get(10, java.util.concurrent.TimeUnit.SECONDS).status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(CountingDestinationProvider.open()).as("closed when the run ended").isEqualTo(before + 1);
        } finally {
            held.release();
            runner.shutdownNow();
        }
    }

    /** Live threads a scheduler made (its poller, its run pool) that were not there before. */
    private static List<String> newSchedulerThreads(List<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).filter(t -> !before.contains(t))
                .map(Thread::getName).filter(n -> n.startsWith("datasetexport-scheduler") || n.startsWith("datasetexport-flow-"))
                .toList();
    }

    private JsonNode manifest(String path) throws Exception {
        try (InputStream in = memory.open(path)) {
            return JSON.readTree(in);
        }
    }
}
