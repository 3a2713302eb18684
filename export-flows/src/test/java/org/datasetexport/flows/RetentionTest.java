package org.datasetexport.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.datasetexport.ConfigurationException;
import org.datasetexport.DatasetExport;
import org.datasetexport.ExportBuilder;
import org.datasetexport.ExportResult;
import org.datasetexport.ExportTestData;
import org.datasetexport.Retention;
import org.datasetexport.Schedule;
import org.datasetexport.TextLinesFormat;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.datasetexport.spi.StagedOutput;
import org.datasetexport.testing.MemoryDestination;
import org.datasetexport.testing.MutableClock;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, item 4: {@code retention(...)} removes a flow's older exports through their manifests
 * only — the flow's, never another flow's, never a file no manifest of the flow lists — and a
 * removal that fails is reported without failing the run.
 */
class RetentionTest {
    private final MemoryDestination memory = MemoryDestination.create();
    private final MutableClock clock = MutableClock.at(Instant.parse("2026-11-28T09:00:30Z"));

    private ExportBuilder export(String flowId) {
        return DatasetExport.from(ExportTestData.dataset(30)).to(memory).format(new TextLinesFormat()).clock(clock)
                .flowId(flowId).manifest(true).successMarker(true).maxRecordsPerFile(10);
    }

    private void stray(String path) throws IOException {
        try (StagedOutput out = memory.create(path)) {
            out.stream().write("not ours".getBytes());
            out.commit();
        }
    }

    private Set<String> filesOfRun(String runId) {
        Set<String> out = new TreeSet<>();
        memory.committedPaths().stream().filter(p -> p.contains(runId)).forEach(out::add);
        return out;
    }

    @Test
    void threeFlowsInOneFolder_keepLastTwo_removesOnlyItsOwnOlderExports() throws IOException {
        List<String> kept = new ArrayList<>();
        List<ExportRun> retained = new ArrayList<>();
        List<String> othersFiles = new ArrayList<>();
        try (ExportScheduler scheduler = ExportScheduler.builder().clock(clock).stateStore(StateStore.inMemory())
                .withoutBackgroundPolling().build()) {
            ExportFlow pruned = export("pruned").retention(Retention.keepLast(2)).schedule(Schedule.everyHours(1)).start(scheduler);
            ExportFlow a = export("other-a").schedule(Schedule.everyHours(1)).start(scheduler);
            ExportFlow b = export("other-b").schedule(Schedule.everyHours(1)).start(scheduler);
            for (int i = 0; i < 5; i++) {
                clock.advance(Duration.ofHours(1));
                for (ExportRun run : scheduler.runDue()) {
                    assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
                    if (run.flowId().equals("pruned")) {
                        retained.add(run);
                    }
                }
                if (i == 0) {
                    // a stray file beside the first export, listed by no manifest
                    stray("people/exportTime=202611281000/notes.txt");
                }
            }
            a.runs().forEach(r -> othersFiles.addAll(filesOfRun(r.runId())));
            b.runs().forEach(r -> othersFiles.addAll(filesOfRun(r.runId())));
            assertThat(pruned.runs()).hasSize(5);
        }
        assertThat(retained).hasSize(5);
        for (int i = 0; i < 3; i++) {
            assertThat(filesOfRun(retained.get(i).runId())).as("run %d removed", i).isEmpty();
        }
        for (int i = 3; i < 5; i++) {
            Set<String> files = filesOfRun(retained.get(i).runId());
            assertThat(files).as("run %d kept: 3 data files and its manifest", i).hasSize(4);
            kept.addAll(files);
        }
        assertThat(retained.get(2).note()).hasValueSatisfying(n -> assertThat(n).contains("keepLast(2)", retained.get(0).runId()));
        assertThat(memory.committedPaths()).as("the other flows' exports").containsAll(othersFiles);
        assertThat(memory.committedPaths()).as("the stray file, and the _SUCCESS beside it")
                .contains("people/exportTime=202611281000/notes.txt", "people/exportTime=202611281000/_SUCCESS");
        assertThat(othersFiles).isNotEmpty();
        assertThat(kept).hasSize(8);
    }

    @Test
    void aFailingDelete_leavesTheRunSucceeded_andIsReported() {
        try (ExportScheduler scheduler = ExportScheduler.builder().clock(clock).stateStore(StateStore.inMemory())
                .withoutBackgroundPolling().build()) {
            ExportFlow flow = export("pruned").retention(Retention.keepLast(1)).schedule(Schedule.everyHours(1)).start(scheduler);
            clock.advance(Duration.ofHours(1));
            ExportRun first = scheduler.runDue().get(0);
            memory.failNext(MemoryDestination.Operation.DELETE, new IOException("delete denied by a bucket policy"));
            clock.advance(Duration.ofHours(1));
            ExportRun second = scheduler.runDue().get(0);
            assertThat(second.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(second.note()).hasValueSatisfying(n -> assertThat(n).contains("could not remove", first.runId(),
                    "delete denied by a bucket policy"));
            assertThat(filesOfRun(first.runId())).as("its manifest could not be removed, so nothing of it was").hasSize(4);
            assertThat(flow.runs().get(0).note()).isEqualTo(second.note());
        }
    }

    @Test
    void repeatedOneOffRuns_andAnAgeLimit() {
        List<ExportResult> results = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            results.add(export("daily-copy").retention(Retention.olderThan(Duration.ofHours(25))).run());
            clock.advance(Duration.ofHours(12));
        }
        // runs at 0h, 12h, 24h, 36h; the last one sees 0h as 36 hours old and 12h as 24 hours old
        assertThat(filesOfRun(results.get(0).runId())).isEmpty();
        assertThat(filesOfRun(results.get(1).runId())).hasSize(4);
        assertThat(filesOfRun(results.get(3).runId())).hasSize(4);
    }

    @Test
    void withoutManifests_retentionIsRefused() {
        assertThatThrownBy(() -> DatasetExport.from(ExportTestData.dataset(3)).to(memory).format(new TextLinesFormat())
                .retention(Retention.keepLast(3)).run())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("manifest(true)");
        assertThatThrownBy(() -> Retention.keepLast(0)).isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> Retention.olderThan(Duration.ZERO)).isInstanceOf(ConfigurationException.class);
        assertThat(memory.committedPaths()).isEmpty();
    }
}
