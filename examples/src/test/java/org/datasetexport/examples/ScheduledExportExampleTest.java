package org.datasetexport.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScheduledExportExampleTest {
    @TempDir
    Path dir;

    @Test
    void main_writesOneFolderPerSlotWithDataAndManifest() throws Exception {
        ScheduledExportExample.main(new String[] {dir.toString()});

        try (Stream<Path> folders = Files.list(dir.resolve("scheduled/experience-events"))) {
            assertThat(folders.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly("exportTime=202611280000", "exportTime=202611280300", "exportTime=202611280600",
                            "exportTime=202611280900", "exportTime=202611281200", "exportTime=202611281500",
                            "exportTime=202611281800", "exportTime=202611282100");
        }
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(p -> p.getFileName().toString().endsWith(".json.gz")).count()).isEqualTo(8);
        }
    }
}
