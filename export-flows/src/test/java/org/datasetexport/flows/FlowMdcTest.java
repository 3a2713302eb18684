package org.datasetexport.flows;

import static org.assertj.core.api.Assertions.assertThat;

import org.datasetexport.DatasetExport;
import org.datasetexport.ExportTestData;
import org.datasetexport.HookedTextFormat;
import org.datasetexport.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.datasetexport.data.Datasets;
import org.datasetexport.spi.support.RunMdc;
import org.datasetexport.testing.MemoryDestination;
import org.datasetexport.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** Issue 20, item 2, for flows: a flow's runs put its flowId into SLF4J's MDC, beside runId and datasetId (export-core's MdcTest covers one-off runs). */
class FlowMdcTest {
    private final MemoryDestination memory = MemoryDestination.create();
    private final Map<String, Map<String, String>> seenByThread = new ConcurrentHashMap<>();

    @AfterEach
    void clean() {
        MDC.clear();
    }

    @Test
    void flowRuns_carryTheFlowId() {
        MutableClock clock = MutableClock.at(Instant.parse("2026-11-28T00:00:00Z"));
        try (ExportScheduler scheduler = ExportScheduler.builder().clock(clock).stateStore(StateStore.inMemory())
                .withoutBackgroundPolling().build()) {
            DatasetExport.from(Datasets.of("people", ExportTestData.SCHEMA, ExportTestData.rows(100))).to(memory)
                    .format(mdcRecording()).flowId("nightly-people")
                    .schedule(Schedule.everyHours(1).startingAt(clock.instant())).start(scheduler);
            clock.advance(Duration.ofSeconds(5));
            ExportRun run = scheduler.runDue().get(0);
            assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(seenByThread.values()).isNotEmpty().allSatisfy(context -> assertThat(context)
                    .containsEntry(RunMdc.FLOW_ID, "nightly-people").containsEntry(RunMdc.RUN_ID, run.runId())
                    .containsEntry(RunMdc.DATASET_ID, "people"));
        }
        assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
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
