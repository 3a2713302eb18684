package org.datasetexport.encryption.pgp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.datasetexport.DatasetExport;
import org.datasetexport.Encryption;
import org.datasetexport.ExportResult;
import org.datasetexport.ExportedFile;
import org.datasetexport.data.Datasets;
import org.datasetexport.data.Row;
import org.datasetexport.dest.file.FileDestination;
import org.datasetexport.testdata.ExperienceEvents;
import org.datasetexport.testdata.HeapWatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A 1 GB JSON export encrypted with OpenPGP under {@code -Xmx128m}. Tagged slow:
 * {@code mvn -B verify -Pslow -pl export-encryption-pgp -am}.
 * A short variant (tag {@code heap-64m}) runs in every build, in a JVM of 64 MiB.
 */
class LargeEncryptedExportTest {
    private final Path dir = Path.of("target", "large-encrypted-export");

    @AfterEach
    void delete() throws Exception {
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The short variant, run in every build by the {@code heap-64m} surefire execution: more encrypted JSON than the whole heap. */
    @Test
    @Tag("heap-64m")
    void run_moreEncryptedJsonThanA64MiBHeap_staysWithinItAndDecrypts() throws Exception {
        assertThat(Runtime.getRuntime().maxMemory()).isLessThanOrEqualTo(72L << 20);
        exportWithinTheHeap(dir, 160_000, Runtime.getRuntime().maxMemory());
    }

    @Test
    @Tag("slow")
    void run_oneGigabyteEncrypted_staysWithinASmallHeapAndDecrypts() throws Exception {
        exportWithinTheHeap(dir, 1_900_000, 1_000_000_000L); // about 570 bytes a row: a little over 1 GB
    }

    /** Exports generated rows as encrypted JSON, never held in memory, and decrypts the first file, checking its integrity. */
    static void exportWithinTheHeap(Path dir, int rowCount, long minBytes) throws Exception {
        PgpKeys keys = PgpKeys.rsa();
        Iterable<Row> generated = ExperienceEvents.generated(rowCount);
        ExportResult result;
        try (HeapWatch heap = new HeapWatch()) {
            result = DatasetExport.from(Datasets.of("big", ExperienceEvents.SCHEMA, generated)).to(FileDestination.of(dir))
                    .format("json").encryption(Encryption.openPgp(keys.armoredPublic)).maxFileSize(256L * 1024 * 1024).run();
            System.out.printf("LargeEncryptedExportTest: %,d rows, %,d encrypted bytes in %d files, %s, %s%n",
                    result.records(), result.bytes(), result.files().size(), result.duration(), heap);
        }
        assertThat(result.bytes()).isGreaterThan(minBytes);
        ExportedFile first = result.files().get(0);
        long clearBytes = 0;
        try (InputStream in = keys.decrypt(Files.newInputStream(dir.resolve(first.path())))) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                clearBytes += n;
            }
        } // close() checks the integrity packet
        // OpenPGP adds a session-key packet, partial-packet headers and the integrity packet: under 1 %
        assertThat(clearBytes).isGreaterThan((long) (first.sizeBytes() * 0.99)).isLessThan(first.sizeBytes());
    }
}
