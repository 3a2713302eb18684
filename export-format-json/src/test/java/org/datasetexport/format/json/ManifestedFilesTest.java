package org.datasetexport.format.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.datasetexport.DatasetExport;
import org.datasetexport.ExportResult;
import org.datasetexport.data.DataType;
import org.datasetexport.data.Datasets;
import org.datasetexport.data.Field;
import org.datasetexport.data.Row;
import org.datasetexport.data.RowReader;
import org.datasetexport.data.ScanRequest;
import org.datasetexport.data.Schema;
import org.datasetexport.data.Split;
import org.datasetexport.data.TimeWindow;
import org.datasetexport.dest.file.FileDestination;
import org.datasetexport.files.FileDataset;
import org.datasetexport.files.FileSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 22: readers of an export folder can take only manifested files, never a crashed run's leftovers. */
class ManifestedFilesTest {
    private static final Schema SCHEMA = Schema.of(Field.required("id", DataType.LONG));

    @TempDir
    Path dir;

    private static List<Long> ids(FileDataset dataset) {
        List<Long> ids = new ArrayList<>();
        for (Split split : dataset.plan(new ScanRequest(TimeWindow.upTo(Instant.now()), 1))) {
            try (RowReader r = dataset.read(split)) {
                r.forEachRemaining(row -> ids.add((Long) row.get(0)));
            }
        }
        return ids;
    }

    @Test
    void manifestedOnly_skipsTheFilesOfACrashedRun() throws Exception {
        ExportResult done = DatasetExport.from(Datasets.of("ds", SCHEMA, List.of(Row.of(1L), Row.of(2L))))
                .to(FileDestination.of(dir)).format("json").manifest(true).run();
        // a run that crashed after committing a data file but before its manifest
        Path finished = dir.resolve(done.files().get(0).path());
        Files.writeString(finished.resolveSibling("part-00000-0badc0de-dead-4bad-8bad-0123456789ab-c000.json"), "{\"id\":99}\n");
        // and a folder of a run that wrote no manifest at all
        Path other = Files.createDirectories(dir.resolve("ds/exportTime=209901010000"));
        Files.writeString(other.resolve("part-00000-1badc0de-dead-4bad-8bad-0123456789ab-c000.json"), "{\"id\":98}\n");

        FileDataset all = FileDataset.builder(FileSource.local(dir), JsonLinesFiles.reader()).id("ds").schema(SCHEMA).build();
        FileDataset manifested = FileDataset.builder(FileSource.local(dir), JsonLinesFiles.reader()).id("ds").schema(SCHEMA)
                .manifestedOnly().build();
        assertThat(ids(all)).containsExactlyInAnyOrder(1L, 2L, 98L, 99L);
        assertThat(ids(manifested)).containsExactlyInAnyOrder(1L, 2L);
        try (Stream<Path> walk = Files.walk(dir)) {
            assertThat(walk.filter(p -> p.getFileName().toString().startsWith("manifest-")).count()).isEqualTo(1);
        }
    }
}
