package org.datasetexport.format.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.datasetexport.Compression;
import org.datasetexport.DatasetExport;
import org.datasetexport.ExportResult;
import org.datasetexport.data.Datasets;
import org.datasetexport.data.Row;
import org.datasetexport.dest.file.FileDestination;
import org.datasetexport.testdata.DuckDbReader;
import org.datasetexport.testdata.ExperienceEvents;
import org.datasetexport.testdata.HeapWatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Five million generated experience events (never held in memory) to Parquet under
 * {@code -Xmx256m}. Tagged slow: {@code mvn -B verify -Pslow -pl export-format-parquet -am}.
 * Heap use is measured with {@link HeapWatch} and printed for the issue note.
 */
@Tag("slow")
class LargeParquetExportTest {
    private final Path dir = Path.of("target", "large-parquet-export");

    @AfterEach
    void deleteFiles() throws Exception {
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void run_fiveMillionEvents_succeedsWithinA256MiBHeap() throws Exception {
        int rowCount = 5_000_000;
        Iterable<Row> generated = ExperienceEvents.generated(rowCount);
        ExportResult result;
        try (HeapWatch heap = new HeapWatch()) {
            result = DatasetExport.from(Datasets.of("events", ExperienceEvents.SCHEMA, generated))
                    .to(FileDestination.of(dir)).format("parquet").compression(Compression.ZSTD)
                    .maxFileSize(256L * 1024 * 1024).run();
            System.out.printf("LargeParquetExportTest: %,d rows, %,d bytes in %d files, %s (%,.0f rows/s), %s%n",
                    result.records(), result.bytes(), result.files().size(), result.duration(),
                    result.records() / (result.duration().toNanos() / 1e9), heap);
        }
        assertThat(result.records()).isEqualTo(rowCount);
        try (DuckDbReader duck = new DuckDbReader()) {
            assertThat(duck.count("read_parquet('" + dir + "/events/*/*.parquet')")).isEqualTo(rowCount);
        }
    }
}
