package org.datasetexport.flows.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.datasetexport.flows.ExportRun;
import org.datasetexport.flows.FlowStatus;
import org.datasetexport.flows.RunStatus;
import org.datasetexport.flows.RunTrigger;
import org.datasetexport.flows.StateStore;
import org.datasetexport.data.TimeWindow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link StateStore} does; one subclass per implementation. */
abstract class StateStoreContractTest {
    private static final Instant T0 = Instant.parse("2026-11-28T00:00:00Z");
    protected StateStore store;

    protected abstract StateStore newStore() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    private static StoredFlow flow(String id) {
        return StoredFlow.created(id, "{\"flowId\":\"" + id + "\"}", T0);
    }

    private static ExportRun run(String flowId, String runId, Instant started) {
        return ExportRun.scheduled(runId, flowId, RunTrigger.SCHEDULED, 1, started, started,
                        TimeWindow.between(started.minusSeconds(3600), started)).toBuilder()
                .status(RunStatus.SUCCEEDED).finishedAt(started.plusSeconds(5)).output(10, 1, 100)
                .manifestPath("x/manifest.json").build();
    }

    @Test
    void insert_thenRead_roundTripsEveryField() {
        StoredFlow f = new StoredFlow("f1", "{\"a\":1}", FlowStatus.PAUSED, T0, T0.plusSeconds(1), T0.plusNanos(123_456_789),
                "run-1", T0.plusSeconds(2), T0.plusSeconds(302), 7);
        assertThat(store.insert(f)).isTrue();
        assertThat(store.insert(f)).isFalse();
        assertThat(store.flow("f1")).contains(f);
        assertThat(store.flows()).containsExactly(f);
    }

    @Test
    void replace_withStaleVersion_fails() {
        StoredFlow f = flow("f2");
        store.insert(f);
        StoredFlow v1 = f.claimed("r1", T0, T0, T0.plusSeconds(300));
        assertThat(store.replace(f, v1)).isTrue();
        assertThat(store.replace(f, f.claimed("r2", T0, T0, T0.plusSeconds(300)))).isFalse();
        assertThat(store.flow("f2").orElseThrow().runningRunId()).isEqualTo("r1");
    }

    @Test
    void replace_racingThreads_exactlyOneWins() throws Exception {
        StoredFlow f = flow("f3");
        store.insert(f);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String runId = "r" + i;
                Callable<Boolean> claim = () -> {
                    go.await();
                    return store.replace(f, f.claimed(runId, T0, T0, T0.plusSeconds(300)));
                };
                results.add(pool.submit(claim));
            }
            go.countDown();
            int winners = 0;
            for (Future<Boolean> r : results) {
                winners += r.get() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void runs_areNewestFirstPagedAndUpdatedInPlace() {
        store.insert(flow("f4"));
        for (int i = 0; i < 5; i++) {
            store.saveRun(run("f4", "run-" + i, T0.plusSeconds(i * 3600L)));
        }
        store.saveRun(run("other", "run-x", T0));
        assertThat(store.runs("f4", 0, 10)).extracting(ExportRun::runId).containsExactly("run-4", "run-3", "run-2", "run-1", "run-0");
        assertThat(store.runs("f4", 1, 2)).extracting(ExportRun::runId).containsExactly("run-3", "run-2");
        ExportRun failed = ExportRun.scheduled("run-2", "f4", RunTrigger.CATCH_UP, 3, T0, T0.plusSeconds(7200),
                TimeWindow.upTo(T0)).ended(RunStatus.FAILED, T0.plusSeconds(7300), "boom");
        store.saveRun(failed);
        assertThat(store.runs("f4", 0, 10)).hasSize(5).contains(failed);
    }

    @Test
    void pruneRuns_keepsTheNewestOfThatFlowOnly() {
        store.insert(flow("f6"));
        for (int i = 0; i < 6; i++) {
            store.saveRun(run("f6", "run-" + i, T0.plusSeconds(i * 3600L)));
        }
        store.saveRun(run("other", "run-x", T0));
        assertThat(store.pruneRuns("f6", 4)).isEqualTo(2);
        assertThat(store.runs("f6", 0, 10)).extracting(ExportRun::runId).containsExactly("run-5", "run-4", "run-3", "run-2");
        assertThat(store.pruneRuns("f6", 4)).isZero();
        assertThat(store.runs("other", 0, 10)).hasSize(1);
        assertThat(store.pruneRuns("nothing-here", 1)).isZero();
    }

    @Test
    void delete_removesFlowAndHistory() {
        store.insert(flow("f5"));
        store.saveRun(run("f5", "r", T0));
        store.delete("f5");
        assertThat(store.flow("f5")).isEmpty();
        assertThat(store.runs("f5", 0, 10)).isEmpty();
    }
}
