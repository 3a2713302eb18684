package org.datasetexport.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.datasetexport.flows.FlowFixture.T0;

import org.datasetexport.ConfigurationException;
import org.datasetexport.DatasetExport;
import org.datasetexport.ExportBuilder;
import org.datasetexport.ExportListener;
import org.datasetexport.ExportMode;
import org.datasetexport.ExportResult;
import org.datasetexport.HeldRow;
import org.datasetexport.Schedule;
import org.datasetexport.SchemaChangePolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.datasetexport.data.Dataset;
import org.datasetexport.data.Datasets;
import org.datasetexport.data.Row;
import org.datasetexport.flows.state.StoredFlow;
import org.datasetexport.testing.MemoryDestination;
import org.datasetexport.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue 22: run leases — a crashed scheduler's run is taken over within the lease, never lost, never exported twice for manifest readers. */
class FlowLeaseTest {
    private static final Duration LEASE = Duration.ofMinutes(5);
    private final MutableClock clock = MutableClock.at(T0);
    private final FlowFixture data = new FlowFixture();
    private final MemoryDestination memory = MemoryDestination.create();
    private final StateStore store = StateStore.inMemory();
    private final List<ExportScheduler> schedulers = new ArrayList<>();

    @AfterEach
    void close() {
        schedulers.forEach(ExportScheduler::close);
    }

    private ExportScheduler scheduler(StateStore on) {
        ExportScheduler s = ExportScheduler.builder().clock(clock).stateStore(on).runLease(LEASE).withoutBackgroundPolling().build();
        schedulers.add(s);
        return s;
    }

    private ExportFlow start(ExportScheduler s, ExportListener... listeners) {
        ExportBuilder b = DatasetExport.from(data.dataset).to(memory).format("text").manifest(true).flowId("leased")
                .schedule(Schedule.everyHours(1).startingAt(T0)).mode(ExportMode.FIRST_FULL_THEN_INCREMENTAL);
        for (ExportListener l : listeners) {
            b.listener(l);
        }
        return b.start(s);
    }

    @Test
    void ownerDiedBetweenClaimAndHistory_runIsRecordedAndItsWindowExportedAsSoonAsTheLeaseEnds() throws Exception {
        ExportScheduler first = scheduler(store);
        start(first);
        data.add(T0.minusSeconds(30));
        clock.set(T0.plusSeconds(10));
        // the first scheduler claims the slot and dies before writing anything else
        StoredFlow f = store.flow("leased").orElseThrow();
        assertThat(store.replace(f, f.claimed("dead-run", T0, clock.instant(), clock.instant().plus(LEASE)))).isTrue();
        first.close();

        ExportScheduler second = scheduler(store);
        start(second);
        clock.advance(Duration.ofMinutes(4));
        assertThat(second.runDue()).as("the lease still holds").isEmpty();
        clock.advance(Duration.ofMinutes(2));
        // issue 32: its window runs again at once (a catch-up run in the same poll), not an hour later at the next slot
        List<ExportRun> runs = second.runDue();
        assertThat(runs).as("taken over, and its window exported in the same poll").singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(r.trigger()).isEqualTo(RunTrigger.CATCH_UP);
            assertThat(r.records()).isEqualTo(1);
        });
        assertThat(store.flow("leased").orElseThrow().runningRunId()).isNull();
        ExportRun dead = second.flow("leased").orElseThrow().runs().stream().filter(r -> r.runId().equals("dead-run"))
                .findFirst().orElseThrow();
        assertThat(dead.status()).isEqualTo(RunStatus.FAILED);
        assertThat(dead.error()).hasValueSatisfying(e -> assertThat(e).contains("abandoned"));
        assertThat(FlowFixture.exportedIds(memory)).containsExactly(0L);
    }

    @Test
    void ownerDiedAfterItsManifest_takeOverRecordsItSucceededAndNoWindowIsExportedTwice() throws Exception {
        AtomicBoolean dead = new AtomicBoolean();
        ExportScheduler first = scheduler(dyingStore(store, dead));
        // the process "dies" right after the manifest is committed: nothing more reaches the state store
        start(first, new ExportListener() {
            @Override
            public void runFinished(ExportResult result) {
                dead.set(true);
            }
        });
        for (int i = 0; i < 5; i++) {
            data.add(T0.minusSeconds(60 - i));
        }
        clock.set(T0.plusSeconds(10));
        first.runDue();
        first.close();
        assertThat(memory.committedPaths()).anyMatch(p -> p.contains("/manifest-"));
        assertThat(store.flow("leased").orElseThrow().runningRunId()).as("still claimed by the dead owner").isNotNull();

        ExportScheduler second = scheduler(store);
        ExportFlow flow = start(second);
        for (int i = 0; i < 3; i++) {
            data.add(T0.plus(Duration.ofMinutes(30)).plusSeconds(i));
        }
        clock.set(T0.plus(Duration.ofHours(1)).plusSeconds(5));
        List<ExportRun> runs = second.runDue();
        assertThat(runs).singleElement().satisfies(r -> assertThat(r.records()).as("only the new rows").isEqualTo(3));
        assertThat(flow.runs()).extracting(ExportRun::status).containsOnly(RunStatus.SUCCEEDED);
        ExportRun recovered = flow.runs().get(1);
        assertThat(recovered.records()).isEqualTo(5);
        assertThat(recovered.note()).hasValueSatisfying(n -> assertThat(n).contains("found its manifest"));
        // a manifest reader sees every row exactly once
        assertThat(FlowFixture.exportedIds(memory)).containsExactlyInAnyOrder(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L);
    }

    @Test
    void ownerDiedAfterItsManifest_takeOverKeepsTheRunsSchema_soSchemaChangePolicyFailStillRefusesAChange() {
        AtomicBoolean dead = new AtomicBoolean();
        ExportScheduler first = scheduler(dyingStore(store, dead));
        DatasetExport.from(data.dataset).to(memory).format("text").manifest(true).flowId("leased")
                .schedule(Schedule.everyHours(1).startingAt(T0)).mode(ExportMode.FIRST_FULL_THEN_INCREMENTAL)
                .onSchemaChange(SchemaChangePolicy.FAIL).listener(new ExportListener() {
                    @Override
                    public void runFinished(ExportResult result) {
                        dead.set(true);
                    }
                }).start(first);
        data.add(T0.minusSeconds(60));
        clock.set(T0.plusSeconds(10));
        first.runDue();
        first.close();

        // after the restart the dataset has a new column; the run taken over was recorded from its manifest
        org.datasetexport.data.Schema wider = org.datasetexport.data.Schema.of(
                org.datasetexport.data.Field.required("id", org.datasetexport.data.DataType.LONG),
                org.datasetexport.data.Field.required("ingested", org.datasetexport.data.DataType.TIMESTAMP),
                org.datasetexport.data.Field.optional("extra", org.datasetexport.data.DataType.STRING));
        List<org.datasetexport.data.Row> rows = List.of(org.datasetexport.data.Row.of(99L, T0.plus(Duration.ofMinutes(30)), "x"));
        ExportScheduler second = scheduler(store);
        ExportFlow flow = DatasetExport.from(org.datasetexport.data.Datasets.of("events", wider, rows,
                        r -> (java.time.Instant) r.get(1))).to(memory).format("text").manifest(true).flowId("leased")
                .schedule(Schedule.everyHours(1).startingAt(T0)).mode(ExportMode.FIRST_FULL_THEN_INCREMENTAL)
                .onSchemaChange(SchemaChangePolicy.FAIL).start(second);
        clock.set(T0.plus(Duration.ofHours(1)).plusSeconds(5));
        List<ExportRun> runs = second.runDue();

        ExportRun recovered = flow.runs().stream().filter(r -> r.note().orElse("").contains("found its manifest"))
                .findFirst().orElseThrow();
        assertThat(recovered.schema()).as("the takeover keeps the schema the run recorded").isPresent();
        assertThat(recovered.schemaFingerprint()).isPresent();
        assertThat(runs).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(RunStatus.FAILED);
            assertThat(r.error()).hasValueSatisfying(e -> assertThat(e).contains("Schema change refused").contains("extra"));
        });
    }

    @Test
    void aRunLongerThanItsLease_keepsItByRenewing_soNoOtherSchedulerTakesItOver() throws Exception {
        HeldRow held = new HeldRow(Row.of(1L, T0.minusSeconds(1)));
        Dataset slow = Datasets.of("events", FlowFixture.SCHEMA, held, r -> (Instant) r.get(1));
        ExportScheduler first = ExportScheduler.builder().clock(clock).stateStore(store).runLease(Duration.ofSeconds(1))
                .withoutBackgroundPolling().build();
        schedulers.add(first);
        DatasetExport.from(slow).to(memory).format("text").flowId("slow").schedule(Schedule.everyHours(1).startingAt(T0))
                .start(first);
        clock.set(T0.plusSeconds(1));
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try {
            Future<List<ExportRun>> running = runner.submit(first::runDue);
            assertThat(held.awaitReading()).isTrue();
            clock.advance(Duration.ofMinutes(10)); // far past the 1 s lease on the scheduler's clock
            Instant stale = clock.instant();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            // a real heartbeat thread must renew: wait (bounded) until it has
            while (!Optional.ofNullable(store.flow("slow").orElseThrow().leaseUntil()).map(l -> l.isAfter(stale)).orElse(false)
                    && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(store.flow("slow").orElseThrow().leaseUntil()).isAfter(stale);
            ExportScheduler second = ExportScheduler.builder().clock(clock).stateStore(store).runLease(Duration.ofSeconds(1))
                    .withoutBackgroundPolling().build();
            schedulers.add(second);
            second.datasets().register(slow);
            second.connections().register(memory);
            DatasetExport.from(slow).to(memory).format("text").flowId("slow").schedule(Schedule.everyHours(1).startingAt(T0))
                    .start(second);
            assertThat(second.runDue()).as("the live run is not taken over").isEmpty();
            held.release();
            assertThat(running.get(10, TimeUnit.SECONDS)).singleElement()
                    .satisfies(r -> assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED));
        } finally {
            held.release();
            runner.shutdownNow();
        }
    }

    @Test
    void ownerDiedAfterCommittingSomeFiles_takeOverRemovesThemAndExportsTheWindowOnceAtOnce() throws Exception {
        ExportScheduler first = scheduler(store);
        start(first);
        for (int i = 0; i < 4; i++) {
            data.add(T0.minusSeconds(60 - i));
        }
        clock.set(T0.plusSeconds(10));
        StoredFlow f = store.flow("leased").orElseThrow();
        store.replace(f, f.claimed("crashed-run", T0, clock.instant(), clock.instant().plus(LEASE)));
        // what the crashed run had committed before it died: two data files named with its run id, no manifest
        String folder = "events/exportTime=202611280000/";
        for (String name : List.of("part-00000-crashed-run-c000.txt", "part-00000-crashed-run-c001.txt")) {
            try (var out = memory.create(folder + name)) {
                out.stream().write("Row[0, 2026-11-27T23:59:00Z]\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                out.commit();
            }
        }
        first.close();

        ExportScheduler second = scheduler(store);
        ExportFlow flow = start(second);
        clock.advance(LEASE.plusSeconds(1));
        // the takeover removes what the crashed run committed, and its window runs again in the same poll
        assertThat(second.runDue()).singleElement().satisfies(r -> assertThat(r.records()).isEqualTo(4));
        assertThat(memory.committedPaths()).noneMatch(p -> p.contains("crashed-run"));
        assertThat(flow.runs()).filteredOn(r -> r.runId().equals("crashed-run")).singleElement().satisfies(r -> assertThat(r.error())
                .hasValueSatisfying(e -> assertThat(e).contains("removed 2 data file(s)")));
        assertThat(FlowFixture.exportedIds(memory)).containsExactlyInAnyOrder(0L, 1L, 2L, 3L);
    }

    @Test
    void aSuccessfulRun_removesWhatCrashedUploadsLeftOlderThanADay(@org.junit.jupiter.api.io.TempDir java.nio.file.Path root)
            throws Exception {
        java.nio.file.Path leftover = java.nio.file.Files.createDirectories(root.resolve("events/exportTime=202601010000"))
                .resolve(".part-00000-x-c000.txt.0badf00d.tmp");
        java.nio.file.Files.writeString(leftover, "half a file");
        java.nio.file.Files.setLastModifiedTime(leftover,
                java.nio.file.attribute.FileTime.from(Instant.now().minus(Duration.ofDays(3))));
        ExportScheduler s = scheduler(store);
        DatasetExport.from(data.dataset).to(org.datasetexport.dest.file.FileDestination.of(root)).format("text")
                .flowId("cleaning").schedule(Schedule.everyHours(1).startingAt(T0)).start(s);
        data.add(T0.minusSeconds(1));
        clock.set(T0.plusSeconds(5));
        assertThat(s.runDue()).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED));
        assertThat(leftover).doesNotExist();
    }

    @Test
    void cleanupRun_removesWhatAFailedRunLeft_andRefusesSucceededOrUnknownRuns() throws Exception {
        ExportScheduler s = scheduler(store);
        ExportFlow flow = start(s);
        data.add(T0.minusSeconds(30));
        clock.set(T0.plusSeconds(10));
        StoredFlow f = store.flow("leased").orElseThrow();
        store.replace(f, f.claimed("failed-run", T0, clock.instant(), clock.instant().plus(LEASE)));
        assertThatThrownBy(() -> flow.cleanupRun("failed-run")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("no run");
        clock.advance(LEASE.plusSeconds(1));
        s.runDue(); // takes the dead run over: recorded FAILED
        // leftovers its takeover could not reach then (say the destination was down)
        for (String name : List.of("part-00000-failed-run-c000.txt", "manifest-memory-failed-run.json")) {
            try (var out = memory.create("events/exportTime=202611280000/" + name)) {
                out.stream().write('x');
                out.commit();
            }
        }
        assertThat(flow.cleanupRun("failed-run")).isEqualTo(2);
        assertThat(memory.committedPaths()).noneMatch(p -> p.contains("failed-run"));
        clock.set(T0.plus(Duration.ofHours(1)).plusSeconds(1));
        ExportRun ok = s.runDue().get(0);
        assertThatThrownBy(() -> flow.cleanupRun(ok.runId())).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("succeeded");
    }

    /** A state store whose process "dies": once {@code dead} is set, every write fails and nothing changes. */
    private static StateStore dyingStore(StateStore delegate, AtomicBoolean dead) {
        return new CheckedStateStore(delegate, write -> {
            if (write && dead.get()) {
                throw new IllegalStateException("the process died");
            }
        });
    }
}
