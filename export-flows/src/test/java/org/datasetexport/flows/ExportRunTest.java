package org.datasetexport.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.datasetexport.Compression;
import org.datasetexport.DatasetExport;
import org.datasetexport.DestinationException;
import org.datasetexport.EmptyOutput;
import org.datasetexport.ExportBuilder;
import org.datasetexport.ExportListener;
import org.datasetexport.ExportResult;
import org.datasetexport.ExportTestData;
import org.datasetexport.ExportedFile;
import org.datasetexport.FailingNthCommit;
import org.datasetexport.RecordException;
import org.datasetexport.TextLinesFormat;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.datasetexport.data.Datasets;
import org.datasetexport.data.Row;
import org.datasetexport.dest.file.FileDestination;
import org.datasetexport.testing.MemoryDestination;
import org.datasetexport.testing.MemoryDestination.Operation;
import org.datasetexport.testing.MutableClock;
import org.datasetexport.testing.RecordingExportListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportRunTest {
    private static final Instant NOW = Instant.parse("2026-11-28T09:00:30Z");
    private final MemoryDestination memory = MemoryDestination.create();
    private final MutableClock clock = MutableClock.at(NOW);

    @TempDir
    Path dir;

    @AfterEach
    void noLeaks() {
        memory.assertNoOpenOutputs();
    }

    private ExportBuilder export(int rows) {
        return DatasetExport.from(ExportTestData.dataset(rows)).to(memory).format(new TextLinesFormat()).clock(clock);
    }

    private static String read(MemoryDestination d, String path) throws IOException {
        try (InputStream in = d.open(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void run_maxRecordsPerFile_rollsIntoTenFilesInTheDesignLayout() throws Exception {
        ExportResult result = export(100_000).folder("nightly").maxRecordsPerFile(10_000).run();

        assertThat(result.files()).hasSize(10).allSatisfy(f -> assertThat(f.records()).isEqualTo(10_000));
        assertThat(result.records()).isEqualTo(100_000);
        assertThat(result.exportTime()).isEqualTo("202611280900");
        assertThat(result.files().get(0).path()).isEqualTo(
                "nightly/people/exportTime=202611280900/part-00000-" + result.runId() + "-c000.txt");
        assertThat(result.files().get(9).path()).endsWith("-c009.txt");
        assertThat(memory.committedPaths()).containsExactlyElementsOf(result.files().stream().map(ExportedFile::path).toList());
        long lines = 0;
        for (ExportedFile f : result.files()) {
            lines += read(memory, f.path()).lines().count();
        }
        assertThat(lines).isEqualTo(100_000);
    }

    @Test
    void run_commitFailsOnThirdFile_leavesNothingAndNamesFileAndCause() {
        memory.failNth(Operation.COMMIT, 3, new IOException("disk full"));

        assertThatThrownBy(() -> export(1000).maxRecordsPerFile(100).manifest(true).run())
                .isInstanceOf(DestinationException.class)
                .hasMessageContaining("-c002.txt")
                .hasMessageContaining("disk full")
                .satisfies(e -> assertThat(((DestinationException) e).operation()).isEqualTo(DestinationException.Operation.COMMIT));
        assertThat(memory.commitLog()).hasSize(2);
        assertThat(memory.committedPaths()).isEmpty();
        assertThat(memory.openOutputs()).isEmpty();
    }

    @Test
    void run_commitFailsOnFileDestination_leavesNoDataManifestOrTempFile() throws Exception {
        FileDestination files = FileDestination.of(dir);
        FailingNthCommit failing = new FailingNthCommit(files, 4);

        assertThatThrownBy(() -> DatasetExport.from(ExportTestData.dataset(1000)).to(failing)
                .format(new TextLinesFormat()).maxRecordsPerFile(100).manifest(true).run())
                .isInstanceOf(DestinationException.class)
                .hasMessageContaining("-c003.txt")
                .hasMessageContaining("injected commit failure");
        try (Stream<Path> walk = Files.walk(dir)) {
            assertThat(walk.filter(p -> !p.equals(dir)).toList()).isEmpty();
        }
    }

    @Test
    void run_manifestCommitFails_deletesTheDataFiles() {
        memory.failWhen(Operation.COMMIT, p -> p.contains("/manifest-"), new IOException("quota exceeded"));

        assertThatThrownBy(() -> export(500).maxRecordsPerFile(100).manifest(true).run())
                .isInstanceOf(DestinationException.class).hasMessageContaining("quota exceeded");
        assertThat(memory.commitLog()).hasSize(5);
        assertThat(memory.committedPaths()).isEmpty();
    }

    @Test
    void run_manifestIsCommittedLast() {
        ExportResult result = export(500).maxRecordsPerFile(100).manifest(true).run();
        List<String> log = memory.commitLog();
        assertThat(log).hasSize(6);
        assertThat(log.get(5)).isEqualTo(result.manifestPath().orElseThrow());
        assertThat(result.manifestPath().orElseThrow())
                .isEqualTo("people/exportTime=202611280900/manifest-memory-" + result.runId() + ".json");
    }

    @Test
    void run_rowWithWrongType_throwsRecordExceptionAndLeavesNothing() {
        List<Row> rows = ExportTestData.rows(2000);
        rows.set(1234, Row.of(1234L, "x", Row.of("city", Row.of("not a double"))));

        assertThatThrownBy(() -> DatasetExport.from(Datasets.of("people", ExportTestData.SCHEMA, rows)).to(memory)
                .format(new TextLinesFormat()).maxRecordsPerFile(100).run())
                .isInstanceOfSatisfying(RecordException.class, e -> {
                    assertThat(e.datasetId()).isEqualTo("people");
                    assertThat(e.rowNumber()).isEqualTo(1234);
                    assertThat(e.fieldPath()).isEqualTo("address.geo.lat");
                    assertThat(e.expectedType()).isEqualTo("double");
                    assertThat(e.actualType()).isEqualTo("java.lang.String");
                })
                .hasMessage("Dataset \"people\", row 1234, field \"address.geo.lat\": expected double but got java.lang.String");
        assertThat(memory.commitLog()).hasSize(12);
        assertThat(memory.committedPaths()).isEmpty();
    }

    @Test
    void run_parallelSplits_writeEveryRowExactlyOnce() throws Exception {
        ExportResult result = export(50_000).parallelism(4).maxRecordsPerFile(5_000).run();

        assertThat(result.files()).extracting(f -> f.name().substring(0, 10))
                .contains("part-00000", "part-00001", "part-00002", "part-00003");
        Set<Long> ids = new HashSet<>();
        for (ExportedFile f : result.files()) {
            read(memory, f.path()).lines().forEach(l -> ids.add(Long.parseLong(l.substring(4, l.indexOf(',')))));
        }
        assertThat(ids).hasSize(50_000).contains(0L, 49_999L);
    }

    @Test
    void run_oneParallelWorkerFails_othersStopAndEverythingIsRemoved() {
        memory.failWhen(Operation.COMMIT, p -> p.contains("part-00002-") && p.endsWith("-c001.txt"), new IOException("boom"));

        assertThatThrownBy(() -> export(80_000).parallelism(4).maxRecordsPerFile(2_000).run())
                .isInstanceOf(DestinationException.class).hasMessageContaining("boom");
        assertThat(memory.committedPaths()).isEmpty();
        assertThat(memory.openOutputs()).isEmpty();
    }

    @Test
    void run_listener_receivesEventsInOrderAndAFailingListenerIsIgnored() {
        RecordingExportListener events = new RecordingExportListener();
        ExportResult result = export(25_000).maxRecordsPerFile(10_000)
                .listener(new ExportListener() {
                    @Override
                    public void fileCommitted(ExportedFile file) {
                        throw new IllegalStateException("listener bug");
                    }
                })
                .listener(events).run();

        assertThat(events.events().get(0)).isInstanceOf(ExportListener.RunStarted.class);
        assertThat(events.events().get(events.events().size() - 1)).isEqualTo(result);
        assertThat(events.events(ExportedFile.class)).containsExactlyElementsOf(result.files());
        List<ExportListener.Progress> progress = events.events(ExportListener.Progress.class);
        assertThat(progress).isNotEmpty();
        assertThat(progress.get(progress.size() - 1).records()).isEqualTo(25_000);
        assertThat(progress.get(progress.size() - 1).bytes()).isEqualTo(result.bytes());
    }

    @Test
    void run_failure_isReportedToTheListener() {
        RecordingExportListener events = new RecordingExportListener();
        memory.failNext(Operation.CREATE, new IOException("no space"));
        assertThatThrownBy(() -> export(10).listener(events).run()).isInstanceOf(DestinationException.class);
        assertThat(events.events(ExportListener.RunFailed.class)).singleElement()
                .satisfies(f -> assertThat(f.error()).hasMessageContaining("no space"));
    }

    @Test
    void run_emptyDataset_writesNoDataFileButAManifest() throws Exception {
        ExportResult result = export(0).manifest(true).run();
        assertThat(result.files()).isEmpty();
        assertThat(memory.committedPaths()).containsExactly(result.manifestPath().orElseThrow());
        JsonNode manifest = new ObjectMapper().readTree(read(memory, result.manifestPath().orElseThrow()));
        assertThat(manifest.get("exportResults")).isEmpty();
        assertThat(manifest.get("records").asLong()).isZero();
    }

    @Test
    void run_emptyDatasetWithWriteEmptyFile_writesOneEmptyFile() throws Exception {
        ExportResult result = export(0).emptyOutput(EmptyOutput.WRITE_EMPTY_FILE).run();
        assertThat(result.files()).singleElement().satisfies(f -> {
            assertThat(f.records()).isZero();
            assertThat(f.path()).contains("part-00000-");
        });
        assertThat(read(memory, result.files().get(0).path())).isEmpty();
    }

    @Test
    void run_emptyFileWhoseCommitFails_leavesNothingOpenOrCommitted() {
        memory.failNth(Operation.COMMIT, 1, new IOException("disk full"));
        assertThatThrownBy(() -> export(0).emptyOutput(EmptyOutput.WRITE_EMPTY_FILE).manifest(true).run())
                .isInstanceOf(DestinationException.class).hasMessageContaining("part-00000-").hasMessageContaining("disk full");
        assertThat(memory.committedPaths()).isEmpty();
        assertThat(memory.aborted()).singleElement().satisfies(p -> assertThat(p).contains("part-00000-"));
    }

    @Test
    void run_datasetWithIngestionTime_exportsRowsUpToTheCutOff() {
        Instant start = NOW.minusSeconds(100);
        ExportResult result = DatasetExport.from(ExportTestData.datasetWithIngestion(1000, start)).to(memory)
                .format(new TextLinesFormat()).clock(clock).run();
        // rows 0..100 were ingested at or before the cut-off (start + id seconds <= NOW)
        assertThat(result.records()).isEqualTo(101);
        assertThat(result.window().to()).isEqualTo(NOW);
        assertThat(result.window().from()).isEmpty();
    }

    @Test
    void run_manifest_listsExactlyTheCommittedFilesWithSizeRecordsAndDigest() throws Exception {
        ExportResult result = DatasetExport.from(ExportTestData.dataset(3000)).to(FileDestination.of(dir))
                .folder("crm/daily").format(new TextLinesFormat()).compression(Compression.GZIP)
                .maxRecordsPerFile(1000).manifest(true).clock(clock).run();

        Path manifestFile = dir.resolve(result.manifestPath().orElseThrow());
        JsonNode m = new ObjectMapper().readTree(manifestFile.toFile());
        assertThat(m.get("flowRunId").asText()).isEqualTo(result.runId());
        assertThat(m.get("scheduledTime").asText()).isEqualTo("2026-11-28T09:00:30Z");
        assertThat(m.get("datasetId").asText()).isEqualTo("people");
        assertThat(m.get("format").asText()).isEqualTo("text");
        assertThat(m.get("compression").asText()).isEqualTo("GZIP");
        assertThat(m.get("mode").asText()).isEqualTo("FULL");
        assertThat(m.get("window").get("to").asText()).isEqualTo("2026-11-28T09:00:30Z");
        assertThat(m.get("complete").asBoolean()).isTrue();
        assertThat(m.get("records").asLong()).isEqualTo(3000);
        assertThat(m.get("schema").toString()).isEqualTo(ExportTestData.SCHEMA.toJson());
        assertThat(m.get("exportResults")).hasSize(3);
        long total = 0;
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> dataFiles = walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList();
            assertThat(dataFiles).hasSize(3);
            for (int i = 0; i < 3; i++) {
                JsonNode entry = m.get("exportResults").get(i);
                Path file = dataFiles.get(i);
                byte[] bytes = Files.readAllBytes(file);
                assertThat(entry.get("sinkPath").asText()).isEqualTo("/crm/daily/people/exportTime=202611280900");
                assertThat(entry.get("name").asText()).isEqualTo(file.getFileName().toString());
                assertThat(entry.get("size").asLong()).isEqualTo(bytes.length);
                assertThat(entry.get("records").asLong()).isEqualTo(1000);
                assertThat(entry.get("sha256").asText())
                        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
                total += bytes.length;
            }
        }
        assertThat(m.get("bytes").asLong()).isEqualTo(total).isEqualTo(result.bytes());
    }

    @Test
    void run_toUri_resolvesTheFileProviderAndLeavesNoTempFiles() throws Exception {
        ExportResult result = DatasetExport.from(ExportTestData.dataset(10)).to(dir.toUri().toString())
                .format(new TextLinesFormat()).run();
        assertThat(Files.readString(dir.resolve(result.files().get(0).path())).lines()).hasSize(10);
        try (Stream<Path> walk = Files.walk(dir)) {
            assertThat(walk.filter(Files::isRegularFile).toList()).hasSize(1);
        }
    }
}
