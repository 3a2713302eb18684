package org.datasetexport.flows;

import org.datasetexport.Compression;
import org.datasetexport.ConfigurationException;
import org.datasetexport.DatasetExport;
import org.datasetexport.EmptyOutput;
import org.datasetexport.ExportMode;
import org.datasetexport.ExportSettings;
import org.datasetexport.Schedule;
import org.datasetexport.flows.service.DatasetCatalog;
import org.datasetexport.flows.service.Connections;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.datasetexport.flows.FlowFixture.T0;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.datasetexport.data.TimeWindow;
import org.datasetexport.testing.MemoryDestination;
import org.datasetexport.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportFlowTest {
    private static final Duration THREE_HOURS = Duration.ofHours(3);
    private final FlowFixture data = new FlowFixture();
    private final MemoryDestination memory = MemoryDestination.create();
    private final MutableClock clock = MutableClock.at(T0);
    private final List<ExportScheduler> schedulers = new ArrayList<>();

    @TempDir
    Path stateDir;

    @AfterEach
    void closeAll() {
        schedulers.forEach(ExportScheduler::close);
        memory.assertNoOpenOutputs();
    }

    private ExportScheduler scheduler(StateStore store) {
        ExportScheduler s = ExportScheduler.builder().clock(clock).stateStore(store).withoutBackgroundPolling().build();
        schedulers.add(s);
        return s;
    }

    private ExportScheduler scheduler(StateStore store, DatasetCatalog catalog, Connections connections) {
        ExportScheduler s = ExportScheduler.builder().clock(clock).stateStore(store).datasets(catalog)
                .connections(connections).withoutBackgroundPolling().build();
        schedulers.add(s);
        return s;
    }

    private ExportFlow startIncremental(ExportScheduler scheduler) {
        return DatasetExport.from(data.dataset).to(memory).format("text").maxRecordsPerFile(2)
                .schedule(Schedule.everyHours(3).startingAt(T0)).mode(ExportMode.FIRST_FULL_THEN_INCREMENTAL)
                .flowId("events-flow").manifest(true).start(scheduler);
    }

    /** Adds rows inside (from, to]: one just after from, one in the middle, one exactly at to. */
    private void addWindowRows(Instant from, Instant to) {
        data.add(from.plusNanos(1000));
        data.add(from.plus(Duration.between(from, to).dividedBy(2)));
        data.add(to);
    }

    @Test
    void incrementalFlow_everyThreeHours_exportsEachRowExactlyOnce() throws Exception {
        for (int i = 0; i < 10; i++) {
            data.add(T0.minus(Duration.ofMinutes(10 * i)));
        }
        data.add(T0.plus(Duration.ofDays(30))); // ingested "in the future": not exported by any of these runs
        ExportScheduler scheduler = scheduler(StateStore.inMemory());
        ExportFlow flow = startIncremental(scheduler);

        List<ExportRun> first = scheduler.runDue();
        assertThat(first).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(r.records()).isEqualTo(10);
            assertThat(r.trigger()).isEqualTo(RunTrigger.SCHEDULED);
            assertThat(r.window()).isEqualTo(TimeWindow.upTo(T0));
            assertThat(r.fileCount()).isEqualTo(5);
            assertThat(r.manifestPath()).isPresent();
        });
        assertThat(scheduler.runDue()).as("nothing more is due at the same instant").isEmpty();

        Instant previous = T0;
        for (int k = 1; k <= 4; k++) {
            Instant slot = T0.plus(THREE_HOURS.multipliedBy(k));
            addWindowRows(previous, slot);
            clock.set(slot.plusSeconds(20));
            List<ExportRun> runs = scheduler.runDue();
            assertThat(runs).singleElement().satisfies(r -> {
                assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
                assertThat(r.records()).isEqualTo(3);
                assertThat(r.scheduledTime()).isEqualTo(slot);
                assertThat(r.window()).isEqualTo(TimeWindow.between(flow.runs().get(1).window().to(), slot.plusSeconds(20)));
            });
            previous = slot.plusSeconds(20);
        }

        List<Long> exported = FlowFixture.exportedIds(memory);
        assertThat(exported).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(data.idsUpTo(previous));
        assertThat(flow.runs()).hasSize(5).extracting(ExportRun::scheduledTime)
                .isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(flow.watermark()).contains(previous);
        assertThat(flow.nextRunAt()).contains(T0.plus(THREE_HOURS.multipliedBy(5)));
    }

    @Test
    void failedRun_isRecordedLeavesNothingAndTheNextRunExportsTheMissedRows() throws Exception {
        data.add(T0.minusSeconds(60));
        ExportScheduler scheduler = scheduler(StateStore.inMemory());
        ExportFlow flow = startIncremental(scheduler);
        scheduler.runDue();
        List<String> afterFirst = List.copyOf(memory.committedPaths());

        addWindowRows(T0, T0.plus(THREE_HOURS));
        data.add(T0.plusSeconds(600));
        memory.failNth(MemoryDestination.Operation.COMMIT, 2, new IOException("disk full"));
        clock.set(T0.plus(THREE_HOURS));
        ExportRun failed = scheduler.runDue().get(0);

        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(failed.error()).hasValueSatisfying(e -> assertThat(e).contains("disk full"));
        assertThat(memory.committedPaths()).containsExactlyElementsOf(afterFirst);
        assertThat(flow.watermark()).contains(T0);

        addWindowRows(T0.plus(THREE_HOURS), T0.plus(THREE_HOURS.multipliedBy(2)));
        clock.set(T0.plus(THREE_HOURS.multipliedBy(2)));
        ExportRun recovered = scheduler.runDue().get(0);
        assertThat(recovered.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(recovered.window().from()).contains(T0);
        assertThat(recovered.records()).isEqualTo(7);
        assertThat(FlowFixture.exportedIds(memory)).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(data.idsUpTo(clock.instant()));
        assertThat(flow.runs()).extracting(ExportRun::status)
                .containsExactly(RunStatus.SUCCEEDED, RunStatus.FAILED, RunStatus.SUCCEEDED);
    }

    @Test
    void restart_onTheSameDirectoryStore_restoresFlowsAndCatchesUpMissedSlotsOnce() throws Exception {
        data.add(T0.minusSeconds(1));
        ExportScheduler first = scheduler(StateStore.directory(stateDir));
        startIncremental(first);
        first.runDue();
        addWindowRows(T0, T0.plus(THREE_HOURS));
        clock.set(T0.plus(THREE_HOURS));
        first.runDue();
        first.close();

        // a new app: nothing kept but the state directory and what the app registers at start-up
        DatasetCatalog catalog = new DatasetCatalog().register(data.dataset);
        Connections connections = new Connections().register(memory);
        addWindowRows(T0.plus(THREE_HOURS), T0.plus(Duration.ofHours(12)));
        clock.set(T0.plus(Duration.ofHours(12)).plusSeconds(5));
        ExportScheduler second = scheduler(StateStore.directory(stateDir), catalog, connections);

        ExportFlow restored = second.flow("events-flow").orElseThrow();
        assertThat(restored.watermark()).contains(T0.plus(THREE_HOURS));
        assertThat(restored.runs()).hasSize(2);
        List<ExportRun> caughtUp = second.runDue();
        assertThat(caughtUp).singleElement().satisfies(r -> {
            assertThat(r.trigger()).isEqualTo(RunTrigger.CATCH_UP);
            assertThat(r.slotsCovered()).isEqualTo(3);
            assertThat(r.scheduledTime()).isEqualTo(T0.plus(Duration.ofHours(12)));
            assertThat(r.window().from()).contains(T0.plus(THREE_HOURS));
            assertThat(r.records()).isEqualTo(3);
        });
        assertThat(second.runDue()).isEmpty();
        assertThat(FlowFixture.exportedIds(memory)).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(data.idsUpTo(clock.instant()));
    }

    @Test
    void schedule_startAndEnd_areHonouredAndNoEndMeansNoEnd() {
        ExportScheduler scheduler = scheduler(StateStore.inMemory());
        Instant start = T0.plus(Duration.ofHours(6));
        Instant end = T0.plus(Duration.ofHours(12));
        ExportFlow bounded = DatasetExport.from(data.dataset).to(memory).format("text").flowId("bounded")
                .schedule(Schedule.everyHours(3).startingAt(start).endingAt(end)).start(scheduler);
        assertThat(scheduler.runDue()).isEmpty();
        assertThat(bounded.nextRunAt()).contains(start);
        List<Instant> slots = new ArrayList<>();
        for (int h = 0; h <= 24; h++) {
            clock.set(T0.plus(Duration.ofHours(h)));
            scheduler.runDue().forEach(r -> slots.add(r.scheduledTime()));
        }
        assertThat(slots).containsExactly(start, start.plus(THREE_HOURS), end);
        assertThat(bounded.nextRunAt()).isEmpty();

        Schedule endless = Schedule.daily(java.time.LocalTime.of(2, 30));
        assertThat(endless.nextSlotAfter(Instant.parse("2199-12-31T03:00:00Z"))).contains(Instant.parse("2200-01-01T02:30:00Z"));
    }

    @Test
    void pauseAndResume_skipsPausedSlotsButLosesNoRows() throws Exception {
        ExportScheduler scheduler = scheduler(StateStore.inMemory());
        ExportFlow flow = startIncremental(scheduler);
        data.add(T0.minusSeconds(5));
        scheduler.runDue();
        flow.pause();
        addWindowRows(T0, T0.plus(Duration.ofHours(6)));
        clock.set(T0.plus(Duration.ofHours(7)));
        assertThat(scheduler.runDue()).isEmpty();
        assertThat(flow.status()).isEqualTo(FlowStatus.PAUSED);
        flow.resume();
        assertThat(scheduler.runDue()).as("missed slots are skipped on resume").isEmpty();
        clock.set(T0.plus(Duration.ofHours(9)));
        ExportRun next = scheduler.runDue().get(0);
        assertThat(next.window().from()).contains(T0);
        assertThat(FlowFixture.exportedIds(memory)).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(data.idsUpTo(clock.instant()));
    }

    @Test
    void runNow_runsOutsideTheScheduleAndKeepsWindowsContiguous() throws Exception {
        ExportScheduler scheduler = scheduler(StateStore.inMemory());
        ExportFlow flow = startIncremental(scheduler);
        data.add(T0.minusSeconds(5));
        scheduler.runDue();
        data.add(T0.plusSeconds(30));
        clock.set(T0.plusSeconds(60));
        ExportRun manual = flow.runNow();
        assertThat(manual.trigger()).isEqualTo(RunTrigger.MANUAL);
        assertThat(manual.slotsCovered()).isZero();
        assertThat(manual.window()).isEqualTo(TimeWindow.between(T0, T0.plusSeconds(60)));
        assertThat(manual.records()).isEqualTo(1);
        assertThat(scheduler.runDue()).as("the next slot is still 03:00").isEmpty();
        assertThat(FlowFixture.exportedIds(memory)).doesNotHaveDuplicates().hasSize(2);
    }

    @Test
    void incrementalLag_holdsTheCutOffBack() {
        ExportScheduler scheduler = scheduler(StateStore.inMemory());
        ExportFlow flow = DatasetExport.from(data.dataset).to(memory).format("text")
                .schedule(Schedule.everyHours(1).startingAt(T0)).mode(ExportMode.FIRST_FULL_THEN_INCREMENTAL)
                .incrementalLag(Duration.ofMinutes(15)).start(scheduler);
        data.add(T0.minus(Duration.ofMinutes(20)));
        data.add(T0.minus(Duration.ofMinutes(10))); // arrives "late": only the next run may take it
        ExportRun first = scheduler.runDue().get(0);
        assertThat(first.window().to()).isEqualTo(T0.minus(Duration.ofMinutes(15)));
        assertThat(first.records()).isEqualTo(1);
        clock.set(T0.plus(Duration.ofHours(1)));
        assertThat(scheduler.runDue().get(0).records()).isEqualTo(1);
        assertThat(flow.watermark()).contains(T0.plus(Duration.ofMinutes(45)));
    }

    @Test
    void fullMode_exportsEverythingEveryRun() {
        ExportScheduler scheduler = scheduler(StateStore.inMemory());
        DatasetExport.from(data.dataset).to(memory).format("text")
                .schedule(Schedule.everyHours(3).startingAt(T0)).start(scheduler);
        data.add(T0.minusSeconds(1));
        assertThat(scheduler.runDue().get(0).records()).isEqualTo(1);
        data.add(T0.plusSeconds(1));
        clock.set(T0.plus(THREE_HOURS));
        ExportRun second = scheduler.runDue().get(0);
        assertThat(second.records()).isEqualTo(2);
        assertThat(second.window().from()).isEmpty();
    }

    @Test
    void builder_scheduleAndModeMisuse_failsWithAClearMessage() {
        assertThatThrownBy(() -> DatasetExport.from(data.dataset).to(memory).format("text")
                .schedule(Schedule.everyHours(3)).run())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("call start(scheduler) instead of run()");
        assertThatThrownBy(() -> DatasetExport.from(data.dataset).to(memory).format("text")
                .mode(ExportMode.FIRST_FULL_THEN_INCREMENTAL).run())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("mode(...) applies to scheduled flows");
        ExportScheduler scheduler = scheduler(StateStore.inMemory());
        assertThatThrownBy(() -> DatasetExport.from(data.dataset).to(memory).format("text").start(scheduler))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("needs schedule(...)");
        assertThatThrownBy(() -> Schedule.everyHours(5)).hasMessage("everyHours must be one of [1, 2, 3, 4, 6, 8, 12], got 5");
    }

    @Test
    void flowDefinition_roundTripsAsJsonWithoutSecrets() {
        FlowDefinition d = FlowDefinition.builder().flowId("f").datasetId("events").connection("s3-prod")
                .schedule(Schedule.daily(java.time.LocalTime.of(2, 30)).startingAt(T0).endingAt(T0.plus(Duration.ofDays(90))))
                .settings(ExportSettings.builder().folder("crm/daily").format("parquet")
                        .formatOptions(Map.of("row-group-size", "64MiB")).compression(Compression.ZSTD).manifest(true)
                        .maxRecordsPerFile(1_000_000).parallelism(4).emptyOutput(EmptyOutput.WRITE_EMPTY_FILE)
                        .mode(ExportMode.FIRST_FULL_THEN_INCREMENTAL).incrementalLag(Duration.ofMinutes(5)).build())
                .build();
        assertThat(FlowDefinition.fromJson(d.toJson())).isEqualTo(d);
        assertThat(d.toJson()).contains("\"connection\":\"s3-prod\"");
    }

    @Test
    void close_cancelsARunThatOutlivesTheTimeoutAndItLeavesNothing() throws Exception {
        java.util.concurrent.CountDownLatch blocked = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
        Iterable<org.datasetexport.data.Row> slow = () -> new java.util.Iterator<>() {
            private long i;

            @Override
            public boolean hasNext() {
                if (i == 50) {
                    blocked.countDown();
                    try {
                        never.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("source read interrupted", e);
                    }
                }
                return true;
            }

            @Override
            public org.datasetexport.data.Row next() {
                return org.datasetexport.data.Row.of(i++, T0);
            }
        };
        ExportScheduler scheduler = ExportScheduler.builder().clock(clock).stateStore(StateStore.inMemory())
                .pollInterval(Duration.ofMillis(10)).closeTimeout(Duration.ofMillis(200)).build();
        schedulers.add(scheduler);
        ExportFlow flow = DatasetExport.from(org.datasetexport.data.Datasets.of("slow", FlowFixture.SCHEMA, slow))
                .to(memory).format("text").maxRecordsPerFile(10).schedule(Schedule.once(T0)).start(scheduler);

        assertThat(blocked.await(30, java.util.concurrent.TimeUnit.SECONDS)).as("the run started").isTrue();
        scheduler.close();

        assertThat(flow.runs()).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(RunStatus.CANCELLED));
        assertThat(memory.committedPaths()).isEmpty();
        assertThat(memory.commitLog()).hasSize(5);
    }
}
