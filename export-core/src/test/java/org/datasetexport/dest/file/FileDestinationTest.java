package org.datasetexport.dest.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.datasetexport.ConfigurationException;
import org.datasetexport.Destinations;
import org.datasetexport.spi.StagedOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDestinationTest {
    @TempDir
    Path dir;

    @Test
    void cleanup_removesOnlyStaleTempFiles() throws Exception {
        FileDestination dest = FileDestination.of(dir);
        Path stale = Files.createDirectories(dir.resolve("a")).resolve(".part-1.json.0123abcd.tmp");
        Files.writeString(stale, "left by a crash");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofDays(2))));
        Path fresh = dir.resolve("a/.part-2.json.89abcdef.tmp");
        Files.writeString(fresh, "being written right now");
        Path data = dir.resolve("a/part-3.json");
        Files.writeString(data, "{}");

        assertThat(dest.cleanup(Duration.ofDays(1))).isEqualTo(1);
        assertThat(stale).doesNotExist();
        assertThat(fresh).exists();
        assertThat(data).exists();
    }

    /** Issue 22: empty run folders a crash (or cleanup itself) left go too; no other folder, no young one. */
    @TempDir
    Path elsewhere;

    @Test
    void cleanup_removesEmptyOldRunFolders_only() throws Exception {
        FileDestination dest = FileDestination.of(dir);
        Path crashed = Files.createDirectories(dir.resolve("nightly/events/exportTime=202611280900"));
        Path stale = crashed.resolve(".part-1.json.0123abcd.tmp");
        Files.writeString(stale, "left by a crash");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofDays(2))));
        Path emptyOld = Files.createDirectories(dir.resolve("nightly/events/exportTime=202611270900"));
        Path withData = Files.createDirectories(dir.resolve("nightly/events/exportTime=202611260900"));
        Files.writeString(withData.resolve("part-0.json"), "{}");
        Path userFolder = Files.createDirectories(dir.resolve("nightly/empty-but-not-a-run"));
        Path young = Files.createDirectories(dir.resolve("nightly/events/exportTime=202612010900"));
        Path outside = Files.createDirectories(elsewhere.resolve("outside"));
        Path link = Files.createSymbolicLink(dir.resolve("nightly/events/exportTime=202611250900"), outside);
        Files.setLastModifiedTime(outside, FileTime.from(Instant.now().minus(Duration.ofDays(2))));
        for (Path p : new Path[] {crashed, emptyOld, withData, userFolder}) {
            Files.setLastModifiedTime(p, FileTime.from(Instant.now().minus(Duration.ofDays(2))));
        }

        assertThat(dest.cleanup(Duration.ofDays(1))).isEqualTo(1);
        assertThat(crashed).as("emptied by this cleanup of its crashed temp file: gone in the same pass").doesNotExist();
        assertThat(emptyOld).doesNotExist();
        assertThat(withData.resolve("part-0.json")).exists();
        assertThat(userFolder).exists();
        assertThat(young).exists();
        assertThat(link).as("a link that looks like a run folder is not followed nor removed").exists();
        assertThat(outside).exists();
    }

    @Test
    void abort_removesTheTempFileAndTheFoldersItCreated() throws Exception {
        FileDestination dest = FileDestination.of(dir);
        try (StagedOutput out = dest.create("x/y/z.bin")) {
            out.stream().write(new byte[10_000]);
        }
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void provider_mapsUriFormsAndTheIdOption() {
        FileDestination absolute = (FileDestination) Destinations.of(dir.toUri().toString(), Map.of("id", "backups"));
        assertThat(absolute.root()).isEqualTo(dir.toAbsolutePath());
        assertThat(absolute.id()).isEqualTo("backups");
        FileDestination relative = (FileDestination) Destinations.of("file:target/some-folder");
        assertThat(relative.root()).isEqualTo(Path.of("target/some-folder").toAbsolutePath());
        assertThat(relative.id()).isEqualTo("file-some-folder");
        assertThatThrownBy(() -> Destinations.of("file://otherhost/x")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("names a host");
    }

    @Test
    void cleanup_neverTakesTheTempFileOfAnOutputStillOpen_andIdleDestinationsHoldNoThread() throws Exception {
        // issue 22: a Parquet writer buffering a row group writes nothing for a while; its temp file looks stale
        FileDestination files = FileDestination.of(dir);
        org.datasetexport.spi.StagedOutput open = files.create("live/part-1.json");
        open.stream().write(1);
        java.nio.file.Path temp;
        try (java.util.stream.Stream<java.nio.file.Path> walk = Files.walk(dir)) {
            temp = walk.filter(p -> p.getFileName().toString().endsWith(".tmp")).findFirst().orElseThrow();
        }
        Files.setLastModifiedTime(temp, FileTime.from(Instant.now().minus(Duration.ofDays(2))));
        assertThat(threads()).contains("datasetexport-file-heartbeat-" + files.id());
        assertThat(files.cleanup(Duration.ofHours(1))).isZero();
        assertThat(temp).exists();
        open.commit();
        open.close();
        assertThat(files.list("live/")).containsExactly("live/part-1.json");
        assertThat(threads()).doesNotContain("datasetexport-file-heartbeat-" + files.id());
    }

    private static java.util.List<String> threads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName).toList();
    }
}
