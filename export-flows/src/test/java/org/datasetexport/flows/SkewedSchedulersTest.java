package org.datasetexport.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.datasetexport.flows.FlowFixture.T0;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.datasetexport.DatasetExport;
import org.datasetexport.ExportMode;
import org.datasetexport.Schedule;
import org.datasetexport.data.Dataset;
import org.datasetexport.data.Datasets;
import org.datasetexport.data.Row;
import org.datasetexport.testing.MemoryDestination;
import org.datasetexport.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 32, acceptance: two schedulers on one state store, the second's clock ten minutes ahead of
 * the first's (twice the lease), both polling the same hourly incremental flow at the same moments
 * for twelve slots while rows keep arriving. Each sees the other's claims as expired and takes them
 * over; only the fence decides who publishes. Asserted the way a reader sees it: every row up to the
 * final watermark in exactly one manifest, none lost, none twice, no data file outside a manifest,
 * and no two SUCCEEDED runs with overlapping windows.
 */
class SkewedSchedulersTest {
    private static final Duration LEASE = Duration.ofMinutes(5);
    private static final int SLOTS = 12;
    private static final int ROWS_PER_HOUR = 50;
    private final MemoryDestination memory = MemoryDestination.create();
    private final List<ExportScheduler> schedulers = new ArrayList<>();
    private final ExecutorService polls = Executors.newFixedThreadPool(2);
    @TempDir
    Path dir;

    @AfterEach
    void close() throws Exception {
        polls.shutdownNow();
        assertThat(polls.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        schedulers.forEach(ExportScheduler::close);
    }

    /** The directory store (no clock: leases on each scheduler's clock), PostgreSQL likewise, and PostgreSQL's own clock. */
    static Stream<String> stores() {
        return Stream.of("directory", "postgres", "postgres-clock");
    }

    private StateStore store(String kind) throws Exception {
        return FlowFixture.store(kind, dir);
    }

    private boolean storeClock;

    /** Rows stamped every 72 seconds from T0 on, for the slots and a little past them. */
    private static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (long i = 0; i < (long) (SLOTS + 1) * ROWS_PER_HOUR; i++) {
            rows.add(Row.of(i, T0.plusSeconds(i * 3600 / ROWS_PER_HOUR)));
        }
        return rows;
    }

    private ExportFlow start(StateStore store, MutableClock clock) {
        ExportScheduler s = ExportScheduler.builder().clock(clock).stateStore(store).runLease(LEASE).leasesOnStoreClock(storeClock)
                .withoutBackgroundPolling().build();
        schedulers.add(s);
        Dataset events = Datasets.of("events", FlowFixture.SCHEMA, rows(), r -> (Instant) r.get(1));
        return DatasetExport.from(events).to(memory).format("text").manifest(true).flowId("skewed").maxRecordsPerFile(7)
                .schedule(Schedule.everyHours(1).startingAt(T0)).mode(ExportMode.FIRST_FULL_THEN_INCREMENTAL).start(s);
    }

    @ParameterizedTest(name = "{0} store")
    @MethodSource("stores")
    void clocksTenMinutesApart_loseNothing_andDuplicateNothing(String kind) throws Exception {
        storeClock = kind.endsWith("-clock");
        StateStore store = store(kind);
        MutableClock a = MutableClock.at(T0.plusSeconds(30));
        MutableClock b = MutableClock.at(T0.plusSeconds(30).plus(Duration.ofMinutes(10)));
        ExportFlow flowA = start(store, a);
        start(store, b);
        ExportScheduler schedulerA = schedulers.get(0);
        ExportScheduler schedulerB = schedulers.get(1);
        for (int slot = 1; slot <= SLOTS; slot++) {
            a.advance(Duration.ofHours(1));
            b.advance(Duration.ofHours(1));
            Future<List<ExportRun>> byA = polls.submit(schedulerA::runDue);
            Future<List<ExportRun>> byB = polls.submit(schedulerB::runDue);
            byA.get(60, TimeUnit.SECONDS);
            byB.get(60, TimeUnit.SECONDS);
        }
        Instant watermark = store.flow("skewed").orElseThrow().watermark();
        assertThat(watermark).as("the flow advanced").isAfter(T0.plus(Duration.ofHours(SLOTS - 1)));

        // what a reader sees: the files the manifests list, and nothing else
        List<Long> ids = FlowFixture.exportedIds(memory);
        Set<Long> distinct = new HashSet<>(ids);
        assertThat(ids).as("no row twice").hasSameSizeAs(distinct);
        long expected = rows().stream().filter(r -> !((Instant) r.get(1)).isAfter(watermark)).count();
        assertThat(distinct).as("no row lost up to the watermark %s", watermark).hasSize((int) expected);
        assertThat(FlowFixture.manifestedPaths(memory)).as("no data file outside a manifest")
                .containsExactlyInAnyOrderElementsOf(memory.committedPaths().stream().filter(p -> !p.contains("/manifest-")).toList());

        List<ExportRun> succeeded = flowA.runs(0, 1000).stream().filter(r -> r.status() == RunStatus.SUCCEEDED).toList();
        for (ExportRun x : succeeded) {
            for (ExportRun y : succeeded) {
                if (x != y && !x.runId().equals(y.runId())) {
                    boolean overlap = x.window().from().map(f -> f.isBefore(y.window().to())).orElse(true)
                            && y.window().from().map(f -> f.isBefore(x.window().to())).orElse(true);
                    assertThat(overlap).as("windows of %s %s and %s %s overlap", x.runId(), x.window(), y.runId(), y.window()).isFalse();
                }
            }
        }
        long takenOver = flowA.runs(0, 1000).stream().filter(r -> r.status() == RunStatus.FAILED).count();
        if (storeClock) {
            // one clock for both: neither ever sees the other's live run as abandoned
            assertThat(takenOver).as("runs taken over on the database's clock").isZero();
        }
        memory.assertNoOpenOutputs();
        System.out.printf("SkewedSchedulersTest[%s]: %d run(s) taken over; ", kind, takenOver);
        System.out.printf("SkewedSchedulersTest[%s]: %d slots, %d succeeded runs, %d rows exported once, 0 lost, 0 twice%n", kind,
                SLOTS, succeeded.size(), distinct.size());
    }
}
