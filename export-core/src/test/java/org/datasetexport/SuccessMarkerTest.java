package org.datasetexport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.datasetexport.data.Datasets;
import org.datasetexport.testing.MemoryDestination;
import org.datasetexport.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue 17, item 3: {@code successMarker(true)} writes an empty {@code _SUCCESS} last, and only for a run that succeeded. */
class SuccessMarkerTest {
    private final MemoryDestination memory = MemoryDestination.create();
    private final MutableClock clock = MutableClock.at(Instant.parse("2026-11-28T09:00:30Z"));

    @AfterEach
    void noLeaks() {
        memory.assertNoOpenOutputs();
    }

    private ExportBuilder export(int rows) {
        return DatasetExport.from(ExportTestData.dataset(rows)).to(memory).format(new TextLinesFormat()).clock(clock);
    }

    @Test
    void aSuccessfulRun_writesAnEmptyMarkerAfterTheManifest_whichTheVerifierIgnores() throws IOException {
        ExportResult result = export(1_000).maxRecordsPerFile(400).manifest(true).successMarker(true).run();
        String marker = "people/exportTime=202611280900/_SUCCESS";
        List<String> committed = memory.commitLog();
        assertThat(committed.get(committed.size() - 1)).isEqualTo(marker);
        assertThat(committed.get(committed.size() - 2)).isEqualTo(result.manifestPath().orElseThrow());
        try (InputStream in = memory.open(marker)) {
            assertThat(in.readAllBytes()).isEmpty();
        }
        assertThat(result.files()).noneMatch(f -> f.name().equals("_SUCCESS"));
        assertThat(ExportVerifier.verify(memory, result.manifestPath().orElseThrow()).problems()).isEmpty();
    }

    @Test
    void withoutTheSetting_orWithNothingWritten_noMarker() {
        export(100).manifest(true).run();
        assertThat(memory.committedPaths()).noneMatch(p -> p.endsWith("_SUCCESS"));
        DatasetExport.from(Datasets.of("empty", ExportTestData.SCHEMA, List.of())).to(memory).format(new TextLinesFormat())
                .clock(clock).successMarker(true).run();
        assertThat(memory.committedPaths()).noneMatch(p -> p.endsWith("_SUCCESS"));
    }

    @Test
    void aFailedRun_writesNoMarker_andAMarkerThatCannotBeWritten_failsTheRunAndRemovesEverything() {
        memory.failNth(MemoryDestination.Operation.COMMIT, 2, new IOException("disk full"));
        assertThatThrownBy(() -> export(1_000).maxRecordsPerFile(400).manifest(true).successMarker(true).run())
                .isInstanceOf(DestinationException.class);
        assertThat(memory.committedPaths()).isEmpty();

        memory.failWhen(MemoryDestination.Operation.COMMIT, p -> p.endsWith("/_SUCCESS"), new IOException("quota"));
        assertThatThrownBy(() -> export(1_000).maxRecordsPerFile(400).manifest(true).successMarker(true).run())
                .isInstanceOf(DestinationException.class).hasMessageContaining("_SUCCESS").hasMessageContaining("quota");
        assertThat(memory.committedPaths()).isEmpty();
    }

    @Test
    void twoRunsOfTheSameMinute_shareTheFoldersMarker() {
        export(100).successMarker(true).run();
        export(100).successMarker(true).run();
        assertThat(memory.committedPaths()).filteredOn(p -> p.endsWith("_SUCCESS")).hasSize(1);
        assertThat(memory.commitLog()).filteredOn(p -> p.endsWith("_SUCCESS")).hasSize(1);
        assertThat(memory.committedPaths()).filteredOn(p -> p.endsWith(".txt")).hasSize(2);
    }

}
