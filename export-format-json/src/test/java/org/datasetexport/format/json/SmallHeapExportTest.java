package org.datasetexport.format.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The short variant of {@link LargeExportMemoryTest}, run in every build by the {@code heap-64m}
 * surefire execution: a JSON export larger than the whole 64 MiB heap.
 */
@Tag("heap-64m")
class SmallHeapExportTest {
    private final Path dir = Path.of("target", "small-heap-export");

    @AfterEach
    void deleteFiles() throws Exception {
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void run_moreJsonThanTheHeap_staysWithinIt() throws Exception {
        assertThat(Runtime.getRuntime().maxMemory()).isLessThanOrEqualTo(72L << 20);
        LargeExportMemoryTest.exportWithinTheHeap(dir, 160_000, Runtime.getRuntime().maxMemory());
    }
}
