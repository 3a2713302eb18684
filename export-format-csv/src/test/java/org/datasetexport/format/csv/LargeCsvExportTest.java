package org.datasetexport.format.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.datasetexport.DatasetExport;
import org.datasetexport.ExportResult;
import org.datasetexport.ExportVerifier;
import org.datasetexport.data.Datasets;
import org.datasetexport.dest.file.FileDestination;
import org.datasetexport.testdata.ExperienceEvents;
import org.datasetexport.testdata.HeapWatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A 1 GB CSV export of generated rows (never held in memory) under a small heap.
 * Tagged slow: {@code mvn -B verify -Pslow -pl export-format-csv -am}
 * runs the slow tests only, with {@code -Xmx128m}.
 * A short variant (tag {@code heap-64m}) runs in every build, in a JVM of 64 MiB.
 */
class LargeCsvExportTest {
    private final Path dir = Path.of("target", "large-csv-export");

    @AfterEach
    void deleteFiles() throws Exception {
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The short variant, run in every build by the {@code heap-64m} surefire execution: more CSV than the whole heap. */
    @Test
    @Tag("heap-64m")
    void run_moreCsvThanA64MiBHeap_staysWithinIt() throws Exception {
        assertThat(Runtime.getRuntime().maxMemory()).isLessThanOrEqualTo(72L << 20);
        exportWithinTheHeap(dir, 220_000, Runtime.getRuntime().maxMemory());
    }

    @Test
    @Tag("slow")
    void run_oneGigabyteOfCsv_staysWithinASmallHeap() throws Exception {
        exportWithinTheHeap(dir, 2_700_000, 1L << 30); // about 420 bytes a row: a little over 1 GiB
    }

    /** Exports generated rows as CSV, never held in memory, and checks the export against its manifest. */
    static void exportWithinTheHeap(Path dir, int rowCount, long minBytes) throws Exception {
        ExportResult result;
        try (HeapWatch heap = new HeapWatch()) {
            result = DatasetExport.from(Datasets.of("big", ExperienceEvents.SCHEMA, ExperienceEvents.generated(rowCount)))
                    .to(FileDestination.of(dir)).format("csv").maxFileSize(256L * 1024 * 1024).manifest(true).run();
            System.out.printf("LargeCsvExportTest: %,d rows, %,d bytes in %d files, %s, %s%n",
                    result.records(), result.bytes(), result.files().size(), result.duration(), heap);
        }
        assertThat(result.records()).isEqualTo(rowCount);
        assertThat(result.bytes()).isGreaterThan(minBytes);
        assertThat(ExportVerifier.verify(FileDestination.of(dir), result.manifestPath().orElseThrow()).ok()).isTrue();
    }
}
