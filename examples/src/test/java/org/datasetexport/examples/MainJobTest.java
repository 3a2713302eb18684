package org.datasetexport.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainJobTest {
    @TempDir
    Path dir;

    @Test
    void main_exportsTheSampleAsGzipJsonWithAManifest() throws Exception {
        MainJob.main(new String[] {dir.toString()});

        try (Stream<Path> walk = Files.walk(dir)) {
            List<String> names = walk.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
            assertThat(names).hasSize(4);
            assertThat(names).allMatch(n -> n.startsWith("demo/experience-events/exportTime="));
            assertThat(names).filteredOn(n -> n.endsWith(".json.gz")).hasSize(3);
            assertThat(names).filteredOn(n -> n.contains("/manifest-file-")).hasSize(1);
        }
    }
}
