package org.datasetexport.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.datasetexport.flows.FlowFixture.T0;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.datasetexport.DatasetExport;
import org.datasetexport.ExportMode;
import org.datasetexport.HeldRow;
import org.datasetexport.Schedule;
import org.datasetexport.data.Dataset;
import org.datasetexport.data.Datasets;
import org.datasetexport.data.Row;
import org.datasetexport.testdata.PostgresServer;
import org.datasetexport.testing.MemoryDestination;
import org.datasetexport.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 32, item 1: a run is fenced at its commit point. Scheduler A claims a slot and stalls
 * inside its source — alive, just slow — for longer than its lease; scheduler B takes the run over
 * and exports the window at once. When A wakes up it must not publish: it rolls back, leaves B's
 * record of its run alone and does not move the watermark. Tried with clocks that agree and with
 * B's clock ahead of A's by more than the lease, on the directory store and on PostgreSQL.
 * Asserted the way readers see it: one manifest, every id exactly once.
 */
class FencedRunTest {
    private static final Duration LEASE = Duration.ofMinutes(5);
    private final MemoryDestination memory = MemoryDestination.create();
    private final List<ExportScheduler> schedulers = new ArrayList<>();
    private final ExecutorService stalled = Executors.newSingleThreadExecutor();
    @TempDir
    Path dir;

    @AfterEach
    void close() throws Exception {
        stalled.shutdownNow();
        assertThat(stalled.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        schedulers.forEach(ExportScheduler::close);
    }

    static Stream<String> stores() {
        return Stream.of("directory", "postgres");
    }

    private StateStore store(String kind) throws Exception {
        return kind.equals("directory") ? StateStore.directory(dir) : StateStore.jdbc(PostgresServer.shared().dataSourceWithoutStateTables());
    }

    private ExportScheduler scheduler(StateStore store, MutableClock clock) {
        ExportScheduler s = ExportScheduler.builder().clock(clock).stateStore(store).runLease(LEASE).withoutBackgroundPolling().build();
        schedulers.add(s);
        return s;
    }

    private ExportFlow start(ExportScheduler scheduler, Dataset dataset) {
        return DatasetExport.from(dataset).to(memory).format("text").manifest(true).flowId("fenced")
                .schedule(Schedule.everyHours(1).startingAt(T0)).mode(ExportMode.FIRST_FULL_THEN_INCREMENTAL).start(scheduler);
    }

    private static Dataset events(Iterable<Row> rows) {
        return Datasets.of("events", FlowFixture.SCHEMA, rows, r -> (Instant) r.get(1));
    }

    @ParameterizedTest(name = "{0} store")
    @MethodSource("stores")
    void aStalledOwner_takenOverWithClocksInAgreement_rollsBackAtItsCommitPoint(String kind) throws Exception {
        MutableClock clock = MutableClock.at(T0);
        stallTakeOverAndWake(store(kind), clock, clock, () -> clock.advance(LEASE.plusMinutes(1)));
    }

    @ParameterizedTest(name = "{0} store")
    @MethodSource("stores")
    void aLiveOwner_takenOverByASchedulerWhoseClockIsAheadByMoreThanTheLease_publishesNothing(String kind) throws Exception {
        MutableClock a = MutableClock.at(T0);
        MutableClock b = MutableClock.at(T0.plus(Duration.ofMinutes(10)));
        // A's clock never moves past its own lease: by A's reckoning it is alive and well
        stallTakeOverAndWake(store(kind), a, b, () -> { });
    }

    private void stallTakeOverAndWake(StateStore store, MutableClock clockA, MutableClock clockB, Runnable timePasses)
            throws Exception {
        Row row = Row.of(1L, T0.minusSeconds(1));
        HeldRow held = new HeldRow(row);
        ExportScheduler a = scheduler(store, clockA);
        start(a, events(held));
        clockA.advance(Duration.ofSeconds(10));
        clockB.advance(Duration.ofSeconds(10));
        Future<List<ExportRun>> aRuns = stalled.submit(a::runDue);
        assertThat(held.awaitReading()).as("A claimed the slot and is inside its source").isTrue();
        String aRunId = store.flow("fenced").orElseThrow().runningRunId();
        timePasses.run();

        ExportScheduler b = scheduler(store, clockB);
        ExportFlow flowAtB = start(b, events(List.of(row)));
        List<ExportRun> bRuns = b.runDue();
        assertThat(bRuns).as("B takes A's run over and exports its window at once (catch-up), not at the next slot")
                .singleElement().satisfies(r -> {
                    assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
                    assertThat(r.trigger()).isEqualTo(RunTrigger.CATCH_UP);
                    assertThat(r.records()).isEqualTo(1);
                });
        Instant watermarkAfterB = flowAtB.watermark().orElseThrow();

        held.release();
        List<ExportRun> aOutcome = aRuns.get(30, TimeUnit.SECONDS);
        assertThat(aOutcome).as("A wakes up and reaches its commit point").singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(RunStatus.FAILED);
            assertThat(r.error()).hasValueSatisfying(e -> assertThat(e).contains("lost its claim"));
        });

        List<ExportRun> history = store.runs("fenced", 0, 10);
        assertThat(history).filteredOn(r -> r.runId().equals(aRunId)).singleElement().satisfies(r -> {
            assertThat(r.status()).as("B's record of A's run is not overwritten by A").isEqualTo(RunStatus.FAILED);
            assertThat(r.error()).hasValueSatisfying(e -> assertThat(e).contains("abandoned"));
        });
        assertThat(history).filteredOn(r -> r.status() == RunStatus.SUCCEEDED).hasSize(1);
        assertThat(store.flow("fenced").orElseThrow().watermark()).as("A's release never moves the watermark").isEqualTo(watermarkAfterB);
        assertThat(store.flow("fenced").orElseThrow().runningRunId()).isNull();
        assertThat(memory.committedPaths()).filteredOn(p -> p.contains("/manifest-")).as("one manifest").hasSize(1);
        assertThat(memory.commitLog()).filteredOn(p -> p.contains("/manifest-"))
                .as("A never published a manifest, not even for a moment: it stopped at its commit point").hasSize(1);
        assertThat(FlowFixture.exportedIds(memory)).as("every committed data file, duplicates kept").containsExactly(1L);
        memory.assertNoOpenOutputs();
    }
}
