package org.datasetexport.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.datasetexport.flows.FlowFixture.T0;

import org.datasetexport.DatasetExport;
import org.datasetexport.ExportMode;
import org.datasetexport.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.datasetexport.testing.MemoryDestination;
import org.datasetexport.testing.MutableClock;
import org.junit.jupiter.api.Test;

/**
 * Two schedulers (two "app instances": separate store objects and flow objects) share one JDBC
 * database and are started at the same moment for every slot: each slot runs exactly once.
 */
abstract class SharedStoreSchedulingTest {
    private static final int SLOTS = 25;

    protected abstract DataSource dataSource() throws Exception;

    @Test
    void twoSchedulers_sharingOneDatabase_runEachSlotExactlyOnce() throws Exception {
        FlowFixture data = new FlowFixture();
        MemoryDestination memory = MemoryDestination.create();
        MutableClock clock = MutableClock.at(T0);
        DataSource ds = dataSource();
        List<ExportScheduler> schedulers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            schedulers.add(ExportScheduler.builder().clock(clock).stateStore(StateStore.jdbc(ds)).withoutBackgroundPolling().build());
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (ExportScheduler s : schedulers) {
                DatasetExport.from(data.dataset).to(memory).format("text").flowId("shared")
                        .schedule(Schedule.everyHours(1).startingAt(T0)).mode(ExportMode.FIRST_FULL_THEN_INCREMENTAL)
                        .start(s);
            }
            int total = 0;
            for (int slot = 0; slot < SLOTS; slot++) {
                Instant at = T0.plus(Duration.ofHours(slot));
                data.add(at.minusSeconds(1));
                clock.set(at);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<List<ExportRun>>> results = new ArrayList<>();
                for (ExportScheduler s : schedulers) {
                    Callable<List<ExportRun>> due = () -> {
                        go.await();
                        return s.runDue();
                    };
                    results.add(pool.submit(due));
                }
                go.countDown();
                int runs = 0;
                for (Future<List<ExportRun>> r : results) {
                    runs += r.get().size();
                }
                assertThat(runs).as("runs for slot %s", at).isEqualTo(1);
                total += runs;
            }
            assertThat(total).isEqualTo(SLOTS);
            List<ExportRun> history = schedulers.get(0).flow("shared").orElseThrow().runs();
            assertThat(history).hasSize(SLOTS).allSatisfy(r -> assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED));
            assertThat(history).extracting(ExportRun::scheduledTime).doesNotHaveDuplicates();
            assertThat(FlowFixture.exportedIds(memory)).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(data.idsUpTo(clock.instant()));
        } finally {
            pool.shutdownNow();
            schedulers.forEach(ExportScheduler::close);
        }
    }
}
