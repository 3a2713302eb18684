package org.datasetexport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.datasetexport.spi.Destination;
import org.datasetexport.testing.MemoryDestination;
import org.datasetexport.testing.MutableClock;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, item 4: the Data Landing Zone removes files 7 days after they land, so the verifier
 * reports an older DLZ export whose files are gone as expired — one problem saying so — not as a
 * list of missing files; a younger one, or another destination, still gets the missing files.
 */
class DlzExpiryVerifierTest {

    /** The memory store with the Data Landing Zone's type and 7-day file lifetime, as DataLandingZoneDestination reports them. */
    /** A store that keeps files seven days, as the Data Landing Zone does. */
    private static final class LandingZone extends ForwardingDestination {
        LandingZone(MemoryDestination memory) {
            super(memory);
        }

        @Override
        public String type() {
            return "dlz";
        }

        @Override
        public Optional<Duration> fileLifetime() {
            return Optional.of(Duration.ofDays(7));
        }
    }

    private static ExportResult exportAt(Destination destination, Instant at) {
        return DatasetExport.from(ExportTestData.dataset(30)).to(destination).format(new TextLinesFormat())
                .clock(MutableClock.at(at)).manifest(true).maxRecordsPerFile(10).run();
    }

    private static void removeDataFiles(MemoryDestination memory, ExportResult result) throws IOException {
        for (ExportedFile f : result.files()) {
            memory.delete(f.path());
        }
    }

    @Test
    void olderThanSevenDays_inTheLandingZone_isExpired() throws IOException {
        MemoryDestination memory = MemoryDestination.create();
        LandingZone dlz = new LandingZone(memory);
        ExportResult old = exportAt(dlz, Instant.now().minus(Duration.ofDays(8)));
        removeDataFiles(memory, old);
        VerificationReport report = ExportVerifier.verify(dlz, old.manifestPath().orElseThrow());
        assertThat(report.problems()).singleElement().satisfies(p -> assertThat(p).startsWith("export expired")
                .contains("7 days", "3 of its files"));

        ExportResult young = exportAt(dlz, Instant.now().minus(Duration.ofDays(2)));
        removeDataFiles(memory, young);
        assertThat(ExportVerifier.verify(dlz, young.manifestPath().orElseThrow()).problems())
                .hasSize(3).allMatch(p -> p.startsWith("missing file "));
    }

    @Test
    void elsewhere_oldMissingFilesAreMissing() throws IOException {
        MemoryDestination memory = MemoryDestination.create();
        ExportResult old = exportAt(memory, Instant.now().minus(Duration.ofDays(30)));
        removeDataFiles(memory, old);
        assertThat(ExportVerifier.verify(memory, old.manifestPath().orElseThrow()).problems())
                .hasSize(3).allMatch(p -> p.startsWith("missing file "));
    }
}
