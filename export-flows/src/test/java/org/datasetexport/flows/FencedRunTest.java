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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.datasetexport.DatasetExport;
import org.datasetexport.ExportMode;
import org.datasetexport.HeldRow;
import org.datasetexport.Schedule;
import org.datasetexport.data.Dataset;
import org.datasetexport.data.Datasets;
import org.datasetexport.data.Row;
import org.datasetexport.testing.MemoryDestination;
import org.datasetexport.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
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
        return FlowFixture.store(kind, dir);
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

    /**
     * The state store is out of reach (a network partition) for longer than the lease while the
     * run is inside its source: the run stops itself instead of publishing what another scheduler
     * may be exporting too, and once the store is back the window is taken over and exported once.
     */
    @Test
    void aStoreOutOfReachForLongerThanTheLease_stopsTheRunBeforeItPublishes() throws Exception {
        MutableClock clock = MutableClock.at(T0);
        Duration lease = Duration.ofSeconds(3); // the heartbeat beats every second of real time
        // a state store that refuses every call while down, as a partitioned database would
        AtomicBoolean down = new AtomicBoolean();
        AtomicInteger refused = new AtomicInteger();
        StateStore store = new CheckedStateStore(StateStore.inMemory(), write -> {
            if (down.get()) {
                refused.incrementAndGet();
                throw new IllegalStateException("state store unreachable (forced by the test)");
            }
        });
        ExportScheduler a = ExportScheduler.builder().clock(clock).stateStore(store).runLease(lease).withoutBackgroundPolling().build();
        schedulers.add(a);
        Row row = Row.of(1L, T0.minusSeconds(1));
        HeldRow held = new HeldRow(row);
        start(a, events(held));
        clock.advance(Duration.ofSeconds(10));
        Future<List<ExportRun>> aRuns = stalled.submit(a::runDue);
        assertThat(held.awaitReading()).isTrue();

        down.set(true);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (refused.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(refused.get()).as("a renewal failed").isPositive();
        clock.advance(lease.plusSeconds(1)); // the failures now span more than a lease on A's clock
        List<ExportRun> outcome = aRuns.get(20, TimeUnit.SECONDS);
        held.release();
        assertThat(outcome).singleElement().satisfies(r -> {
            assertThat(r.status()).as("stopped for its lease, not cancelled by anyone").isEqualTo(RunStatus.FAILED);
            assertThat(r.error()).hasValueSatisfying(e -> assertThat(e).contains("could not renew its lease for longer than the lease"));
        });
        assertThat(memory.commitLog()).as("nothing was ever published").noneMatch(p -> p.contains("/manifest-"));
        assertThat(memory.committedPaths()).as("and nothing it wrote is left").isEmpty();

        down.set(false);
        List<ExportRun> caughtUp = a.runDue();
        assertThat(caughtUp).as("back in reach: the abandoned window is taken over and exported at once").singleElement()
                .satisfies(r -> {
                    assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
                    assertThat(r.trigger()).isEqualTo(RunTrigger.CATCH_UP);
                });
        assertThat(FlowFixture.exportedIds(memory)).containsExactly(1L);
    }

    /**
     * The claim is lost after the commit point, while the run publishes (another scheduler, its
     * clock far ahead, took the run over and found no manifest yet): the run withdraws its manifest
     * and files, so the taking scheduler's export of the window is the only one, and moves nothing.
     */
    @Test
    void aClaimLostWhilePublishing_withdrawsTheManifestAndTheFiles() {
        MutableClock clock = MutableClock.at(T0);
        StateStore store = StateStore.inMemory();
        ExportScheduler a = scheduler(store, clock);
        DatasetExport.from(events(List.of(Row.of(1L, T0.minusSeconds(1))))).to(memory).format("text").manifest(true)
                .flowId("fenced").schedule(Schedule.everyHours(1).startingAt(T0)).mode(ExportMode.FIRST_FULL_THEN_INCREMENTAL)
                .listener(new org.datasetexport.ExportListener() {
                    @Override
                    public void runFinished(org.datasetexport.ExportResult result) {
                        // between the manifest and the run's history entry, another scheduler releases its claim
                        org.datasetexport.flows.state.StoredFlow f = store.flow("fenced").orElseThrow();
                        assertThat(store.replace(f, f.released(null))).isTrue();
                    }
                }).start(a);
        clock.advance(Duration.ofSeconds(10));
        assertThat(a.runDue()).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(RunStatus.FAILED);
            assertThat(r.error()).hasValueSatisfying(e -> assertThat(e).contains("while publishing"));
        });
        assertThat(memory.commitLog()).as("it had published").anyMatch(p -> p.contains("/manifest-"));
        assertThat(memory.committedPaths()).as("and withdrew the manifest and every file").isEmpty();
        assertThat(store.flow("fenced").orElseThrow().watermark()).as("the watermark never moved").isNull();
        assertThat(store.runs("fenced", 0, 10)).as("no SUCCEEDED entry written over the new owner's record")
                .noneMatch(r -> r.status() == RunStatus.SUCCEEDED);
    }
}
