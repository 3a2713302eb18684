package org.datasetexport.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlowServiceExampleTest {
    @TempDir
    Path dir;

    @Test
    void main_createsThroughTheServiceRefusesTheViewerAndRecordsTheChange() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            FlowServiceExample.main(new String[] {dir.toString()});
        } finally {
            System.setOut(original);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("Datasets the analyst may see: [experience-events]")
                .contains("Refused: Principal \"analyst\" may not run flow events-daily")
                .contains("DEFINITION_CHANGE").contains("settings.max-records-per-file 9223372036854775807 -> 100");
        try (Stream<Path> files = Files.walk(dir.resolve("service/experience-events/exportTime=202611281200"))) {
            // 250 new rows at 100 per file: the changed setting applies to the next run
            assertThat(files.filter(p -> p.getFileName().toString().endsWith(".json.gz")).count()).isEqualTo(3);
        }
        try (Stream<Path> files = Files.walk(dir.resolve("service/experience-events/exportTime=202611280000"))) {
            assertThat(files.filter(p -> p.getFileName().toString().endsWith(".json.gz")).count()).isEqualTo(1);
        }
    }
}
