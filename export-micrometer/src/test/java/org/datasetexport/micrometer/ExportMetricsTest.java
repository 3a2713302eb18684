package org.datasetexport.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.datasetexport.DatasetExport;
import org.datasetexport.DestinationException;
import org.datasetexport.ExportResult;
import org.datasetexport.flows.ExportRun;
import org.datasetexport.flows.ExportScheduler;
import org.datasetexport.flows.RunStatus;
import org.datasetexport.Schedule;
import org.datasetexport.flows.StateStore;
import org.datasetexport.TextLinesFormat;
import org.datasetexport.data.DataType;
import org.datasetexport.data.Datasets;
import org.datasetexport.data.Field;
import org.datasetexport.data.Row;
import org.datasetexport.data.Schema;
import org.datasetexport.testing.MemoryDestination;
import org.datasetexport.testing.MutableClock;
import org.junit.jupiter.api.Test;

/** Issue 20, item 1: meters and observations of runs, with SimpleMeterRegistry and Micrometer's observation test kit. */
class ExportMetricsTest {
    private static final Schema SCHEMA = Schema.of(Field.required("id", DataType.LONG), Field.optional("name", DataType.STRING));
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final TestObservationRegistry observations = TestObservationRegistry.create();
    private final MemoryDestination memory = MemoryDestination.create();

    private static List<Row> rows(int n) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(Row.of((long) i, "n" + i));
        }
        return rows;
    }

    @Test
    void aSuccessfulRun_recordsDurationRecordsBytesFiles_taggedByKindNotAddress_andAnObservation() {
        ExportMetrics metrics = ExportMetrics.bind(meters, observations);
        ExportResult result = DatasetExport.from(Datasets.of("people", SCHEMA, rows(1_000))).to(memory).format(new TextLinesFormat())
                .maxRecordsPerFile(300).listener(metrics).run();

        var timer = meters.get("datasetexport.run.duration").tags("dataset", "people", "destination", "memory", "format", "text",
                "outcome", "success").timer();
        assertThat(timer.count()).isEqualTo(1);
        assertThat(timer.totalTime(TimeUnit.NANOSECONDS)).isPositive();
        assertThat(meters.get("datasetexport.records").tag("dataset", "people").counter().count()).isEqualTo(1_000);
        assertThat(meters.get("datasetexport.bytes").counter().count()).isEqualTo(result.bytes());
        assertThat(meters.get("datasetexport.files").counter().count()).isEqualTo(4);
        assertThat(meters.getMeters()).flatExtracting(m -> m.getId().getTags()).noneMatch(t -> t.getValue().contains(":"));
        TestObservationRegistryAssert.assertThat(observations).hasObservationWithNameEqualTo("datasetexport.run").that()
                .hasBeenStarted().hasBeenStopped().hasContextualNameEqualTo("export people")
                .hasLowCardinalityKeyValue("dataset", "people").hasLowCardinalityKeyValue("destination", "memory")
                .hasHighCardinalityKeyValue("run.id", result.runId());
    }

    @Test
    void aFailedRun_countsItByExceptionType_timesItAsAFailure_andErrorsTheObservation() {
        ExportMetrics metrics = ExportMetrics.bind(meters, observations);
        memory.failNth(MemoryDestination.Operation.COMMIT, 2, new IOException("disk full"));
        assertThatThrownBy(() -> DatasetExport.from(Datasets.of("people", SCHEMA, rows(1_000))).to(memory)
                .format(new TextLinesFormat()).maxRecordsPerFile(300).listener(metrics).run()).isInstanceOf(DestinationException.class);

        assertThat(meters.get("datasetexport.runs.failed").tag("exception", "DestinationException").counter().count()).isEqualTo(1);
        assertThat(meters.get("datasetexport.run.duration").tag("outcome", "failure").timer().count()).isEqualTo(1);
        assertThat(meters.find("datasetexport.records").counter()).isNull();
        TestObservationRegistryAssert.assertThat(observations).hasObservationWithNameEqualTo("datasetexport.run").that()
                .hasBeenStopped().assertThatError().isInstanceOf(DestinationException.class);
    }

    @Test
    void flowsOfAScheduler_getRunMetersAndPerFlowGauges() {
        MutableClock clock = MutableClock.at(Instant.parse("2026-11-28T00:00:00Z"));
        ExportMetrics metrics = ExportMetrics.bind(meters);
        try (ExportScheduler scheduler = ExportScheduler.builder().clock(clock).stateStore(StateStore.inMemory()).listener(metrics)
                .withoutBackgroundPolling().build()) {
            metrics.bindTo(scheduler);
            DatasetExport.from(Datasets.of("people", SCHEMA, rows(100), r -> clock.instant().minusSeconds(60)))
                    .to(memory).format(new TextLinesFormat()).flowId("hourly").mode(org.datasetexport.ExportMode.FIRST_FULL_THEN_INCREMENTAL)
                    .schedule(Schedule.everyHours(1).startingAt(clock.instant())).start(scheduler);
            clock.advance(Duration.ofSeconds(5));
            List<ExportRun> first = scheduler.runDue();
            assertThat(first).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED));
            assertThat(meters.get("datasetexport.run.duration").tags("flow", "hourly", "outcome", "success").timer().count()).isEqualTo(1);

            clock.advance(Duration.ofMinutes(30));
            assertThat(gauge("datasetexport.flow.since.success")).isBetween(1799.0, 1801.0);
            assertThat(gauge("datasetexport.flow.watermark.lag")).isGreaterThanOrEqualTo(1800.0);
            assertThat(gauge("datasetexport.flow.running")).isZero();
            assertThat(gauge("datasetexport.flow.consecutive.failures")).isZero();

            memory.failNth(MemoryDestination.Operation.COMMIT, 1, new IOException("disk full"));
            clock.advance(Duration.ofMinutes(31));
            assertThat(scheduler.runDue()).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(RunStatus.FAILED));
            assertThat(gauge("datasetexport.flow.consecutive.failures")).isEqualTo(1.0);
            assertThat(meters.get("datasetexport.runs.failed").tag("flow", "hourly").counter().count()).isEqualTo(1);
        }
    }

    /** Scrapes do not read the run history each time: at most once per REFRESH of the scheduler's clock, for all four gauges. */
    @Test
    void flowGauges_readTheStateStoreAtMostOncePerRefresh() {
        MutableClock clock = MutableClock.at(Instant.parse("2026-11-28T00:00:00Z"));
        CountingStore store = new CountingStore(StateStore.inMemory());
        ExportMetrics metrics = ExportMetrics.bind(meters);
        try (ExportScheduler scheduler = ExportScheduler.builder().clock(clock).stateStore(store).listener(metrics)
                .withoutBackgroundPolling().build()) {
            DatasetExport.from(Datasets.of("people", SCHEMA, rows(10))).to(memory).format(new TextLinesFormat()).flowId("hourly")
                    .schedule(Schedule.everyHours(1).startingAt(clock.instant())).start(scheduler);
            metrics.bindTo(scheduler);
            clock.advance(Duration.ofSeconds(5));
            assertThat(scheduler.runDue()).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED));
            int before = store.historyReads;
            for (int scrape = 0; scrape < 100; scrape++) {
                meters.getMeters().forEach(m -> m.measure().forEach(measurement -> measurement.getValue()));
            }
            assertThat(store.historyReads - before).isEqualTo(1);
            assertThat(gauge("datasetexport.flow.consecutive.failures")).isZero();
            clock.advance(ExportMetrics.REFRESH.plusSeconds(1));
            assertThat(gauge("datasetexport.flow.since.success")).isBetween(10.0, 12.0);
            assertThat(store.historyReads - before).isEqualTo(2);
        }
    }

    /** A state store that counts reads of run history. */
    private static final class CountingStore implements StateStore {
        private final StateStore store;
        volatile int historyReads;

        CountingStore(StateStore store) {
            this.store = store;
        }

        @Override
        public List<org.datasetexport.flows.state.StoredFlow> flows() {
            return store.flows();
        }

        @Override
        public java.util.Optional<org.datasetexport.flows.state.StoredFlow> flow(String flowId) {
            return store.flow(flowId);
        }

        @Override
        public boolean insert(org.datasetexport.flows.state.StoredFlow flow) {
            return store.insert(flow);
        }

        @Override
        public boolean replace(org.datasetexport.flows.state.StoredFlow expected, org.datasetexport.flows.state.StoredFlow updated) {
            return store.replace(expected, updated);
        }

        @Override
        public void delete(String flowId) {
            store.delete(flowId);
        }

        @Override
        public void saveRun(ExportRun run) {
            store.saveRun(run);
        }

        @Override
        public List<ExportRun> runs(String flowId, int offset, int limit) {
            historyReads++;
            return store.runs(flowId, offset, limit);
        }

        @Override
        public int pruneRuns(String flowId, int keep) {
            return store.pruneRuns(flowId, keep);
        }
    }

    private double gauge(String name) {
        Meter meter = meters.get(name).tag("flow", "hourly").meter();
        return meter.measure().iterator().next().getValue();
    }
}
