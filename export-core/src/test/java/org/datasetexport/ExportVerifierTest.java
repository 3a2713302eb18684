package org.datasetexport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.datasetexport.dest.file.FileDestination;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportVerifierTest {
    @TempDir
    Path dir;
    private FileDestination destination;
    private ExportResult result;

    @BeforeEach
    void export() {
        destination = FileDestination.of(dir);
        result = DatasetExport.from(ExportTestData.dataset(3000)).to(destination).format(new TextLinesFormat())
                .maxRecordsPerFile(1000).manifest(true).run();
    }

    private Path file(int i) {
        return dir.resolve(result.files().get(i).path());
    }

    private VerificationReport verify() {
        return ExportVerifier.verify(destination, result.manifestPath().orElseThrow());
    }

    @Test
    void verify_untouchedExport_isOk() {
        VerificationReport report = verify();
        assertThat(report.ok()).isTrue();
        assertThat(report.filesChecked()).isEqualTo(3);
    }

    @Test
    void verify_deletedFile_isReportedMissing() throws Exception {
        Files.delete(file(1));
        assertThat(verify().problems()).containsExactly("missing file " + result.files().get(1).path());
    }

    @Test
    void verify_truncatedFile_isReportedWithBothSizes() throws Exception {
        long size = Files.size(file(0));
        try (var ch = Files.newByteChannel(file(0), StandardOpenOption.WRITE)) {
            ch.truncate(size - 10);
        }
        assertThat(verify().problems()).hasSize(2)
                .anySatisfy(p -> assertThat(p).startsWith("wrong size of ").contains(size + " bytes, found " + (size - 10)))
                .anySatisfy(p -> assertThat(p).startsWith("wrong sha256 of "));
    }

    @Test
    void verify_changedByte_isReportedAsWrongDigest() throws Exception {
        byte[] bytes = Files.readAllBytes(file(2));
        bytes[bytes.length / 2] ^= 1;
        Files.write(file(2), bytes);
        assertThat(verify().problems()).singleElement().asString()
                .startsWith("wrong sha256 of " + result.files().get(2).path());
    }

    @Test
    void verify_extraDataFile_isReported() throws Exception {
        Path extra = file(0).resolveSibling("part-00009-intruder-c000.txt");
        Files.writeString(extra, "not ours\n");
        assertThat(verify().problems()).singleElement().asString().startsWith("extra data file ");
    }

    @Test
    void verify_secondRunInTheSameMinute_isNotAnExtra() {
        DatasetExport.from(ExportTestData.dataset(10)).to(destination).format(new TextLinesFormat())
                .clock(java.time.Clock.fixed(result.scheduledTime(), java.time.ZoneOffset.UTC)).manifest(true).run();
        assertThat(verify().ok()).isTrue();
    }
}
