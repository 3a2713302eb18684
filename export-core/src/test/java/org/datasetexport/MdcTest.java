package org.datasetexport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.datasetexport.data.Datasets;
import org.datasetexport.data.Row;
import org.datasetexport.spi.support.RunMdc;
import org.datasetexport.testing.MemoryDestination;
import org.datasetexport.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * Issue 20, item 2: during a run, SLF4J's MDC holds runId, datasetId and (for flows) flowId on the
 * caller's thread and on every worker thread, so log lines say which run they belong to; after
 * the run, each thread has exactly the context it had before.
 */
class MdcTest {
    private final MemoryDestination memory = MemoryDestination.create();
    private final Map<String, Map<String, String>> seenByThread = new ConcurrentHashMap<>();

    @AfterEach
    void clean() {
        MDC.clear();
    }

    @Test
    void oneOffRuns_putTheRunOnEveryWorkerThread_andRestoreTheCallersContext() {
        MDC.put("request", "req-7");
        for (Iterable<Row> rows : List.of(ExportTestData.rows(40_000), ExportTestData.streamed(40_000))) {
            seenByThread.clear();
            ExportResult result = DatasetExport.from(Datasets.of("people", ExportTestData.SCHEMA, rows)).to(memory)
                    .format(mdcRecording()).parallelism(2).maxRecordsPerFile(5_000).listener(new ExportListener() {
                        @Override
                        public void fileCommitted(ExportedFile file) {
                            record();
                        }
                    }).run();
            assertThat(seenByThread).hasSizeGreaterThanOrEqualTo(2);
            assertThat(seenByThread.values()).allSatisfy(context -> assertThat(context)
                    .containsEntry(RunMdc.RUN_ID, result.runId()).containsEntry(RunMdc.DATASET_ID, "people")
                    .containsEntry("request", "req-7")
                    // a one-off run's flow id is the one its manifest records: dataset and destination ids
                    .containsEntry(RunMdc.FLOW_ID, "people-memory"));
            assertThat(MDC.getCopyOfContextMap()).isEqualTo(Map.of("request", "req-7"));
        }
    }

    @Test
    void aFailingRun_restoresTheCallersContextToo() {
        memory.failNth(MemoryDestination.Operation.COMMIT, 2, new IOException("disk full"));
        assertThatThrownBy(() -> DatasetExport.from(Datasets.of("people", ExportTestData.SCHEMA, ExportTestData.streamed(30_000))).to(memory)
                .format(mdcRecording()).parallelism(2).maxRecordsPerFile(5_000).run()).isInstanceOf(DestinationException.class);
        assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
        assertThat(seenByThread.values()).hasSizeGreaterThanOrEqualTo(2).allSatisfy(context -> assertThat(context).containsKey(RunMdc.RUN_ID));
    }


    @Test
    void wrappedTasks_runWithTheSubmittersContext_andLeaveTheWorkersOwn() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            pool.submit(() -> MDC.put("worker", "own")).get();
            Map<String, String> seen = new HashMap<>();
            try (RunMdc scope = RunMdc.enter("run-1", "ds", null)) {
                pool.submit(RunMdc.wrap(() -> seen.putAll(MDC.getCopyOfContextMap()))).get();
                assertThat(pool.submit(RunMdc.wrap(() -> MDC.get(RunMdc.RUN_ID))).get()).isEqualTo("run-1");
            }
            assertThat(seen).isEqualTo(Map.of(RunMdc.RUN_ID, "run-1", RunMdc.DATASET_ID, "ds"));
            assertThat(pool.submit(() -> MDC.getCopyOfContextMap()).get()).isEqualTo(Map.of("worker", "own"));
        } finally {
            pool.shutdownNow();
        }
    }

    private void record() {
        Map<String, String> context = MDC.getCopyOfContextMap();
        seenByThread.put(Thread.currentThread().getName(), context == null ? Map.of() : context);
    }

    /** Text lines, recording the MDC of each thread that writes. */
    private HookedTextFormat mdcRecording() {
        return new HookedTextFormat(this::record);
    }
}
