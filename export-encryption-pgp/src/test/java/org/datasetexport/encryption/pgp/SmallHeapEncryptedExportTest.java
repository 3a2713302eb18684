package org.datasetexport.encryption.pgp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The short variant of {@link LargeEncryptedExportTest}, run in every build by the {@code heap-64m}
 * surefire execution: an encrypted export larger than the whole 64 MiB heap, decrypted and checked.
 */
@Tag("heap-64m")
class SmallHeapEncryptedExportTest {
    private final Path dir = Path.of("target", "small-heap-encrypted-export");

    @AfterEach
    void delete() throws Exception {
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void run_moreEncryptedJsonThanTheHeap_staysWithinItAndDecrypts() throws Exception {
        assertThat(Runtime.getRuntime().maxMemory()).isLessThanOrEqualTo(72L << 20);
        LargeEncryptedExportTest.exportWithinTheHeap(dir, 160_000, Runtime.getRuntime().maxMemory());
    }
}
