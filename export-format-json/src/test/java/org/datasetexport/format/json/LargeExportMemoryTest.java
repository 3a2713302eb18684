package org.datasetexport.format.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.datasetexport.DatasetExport;
import org.datasetexport.ExportResult;
import org.datasetexport.ExportVerifier;
import org.datasetexport.data.Datasets;
import org.datasetexport.data.Row;
import org.datasetexport.dest.file.FileDestination;
import org.datasetexport.testdata.ExperienceEvents;
import org.datasetexport.testdata.HeapWatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A 2 GB JSON export of generated rows (never held in memory) under a small heap. Tagged slow:
 * run with {@code mvn -B verify -Pslow -pl export-format-json -am}, which runs the slow tests only,
 * with {@code -Xmx128m}.
 * A short variant (tag {@code heap-64m}) runs in every build, in a JVM of 64 MiB.
 */
class LargeExportMemoryTest {
    private static final long TARGET_BYTES = 2L * 1024 * 1024 * 1024;
    private final Path dir = Path.of("target", "large-export");

    @AfterEach
    void deleteFiles() throws Exception {
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The short variant, run in every build by the {@code heap-64m} surefire execution: more JSON than the whole heap. */
    @Test
    @Tag("heap-64m")
    void run_moreJsonThanA64MiBHeap_staysWithinIt() throws Exception {
        assertThat(Runtime.getRuntime().maxMemory()).isLessThanOrEqualTo(72L << 20);
        exportWithinTheHeap(dir, 160_000, Runtime.getRuntime().maxMemory());
    }

    @Test
    @Tag("slow")
    void run_twoGigabytesOfJson_staysWithinASmallHeap() throws Exception {
        // about 570 bytes a row: 3.8 million rows make a little over 2 GB
        exportWithinTheHeap(dir, 3_800_000, TARGET_BYTES);
    }

    /** Exports generated rows as JSON, never held in memory, and checks the export against its manifest. */
    static void exportWithinTheHeap(Path dir, int rowCount, long minBytes) throws Exception {
        Iterable<Row> generated = ExperienceEvents.generated(rowCount);
        ExportResult result;
        try (HeapWatch heap = new HeapWatch()) {
            result = DatasetExport.from(Datasets.of("big", ExperienceEvents.SCHEMA, generated))
                    .to(FileDestination.of(dir)).format("json").maxFileSize(256L * 1024 * 1024).manifest(true).run();
            System.out.printf("LargeExportMemoryTest: %,d rows, %,d bytes in %d files, %s, %s%n",
                    result.records(), result.bytes(), result.files().size(), result.duration(), heap);
        }
        assertThat(result.records()).isEqualTo(rowCount);
        assertThat(result.bytes()).isGreaterThan(minBytes);
        assertThat(ExportVerifier.verify(FileDestination.of(dir), result.manifestPath().orElseThrow()).ok()).isTrue();
    }
}
