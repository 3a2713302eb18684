package org.datasetexport.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.datasetexport.ConfigurationException;
import org.datasetexport.DestinationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The destination contract kit: what every {@link Destination} must do. A destination module
 * extends this class once, against its loopback server, and supplies a fresh destination plus a
 * way to list the raw objects behind the destination's back (so leftovers such as temp files or
 * pending uploads are visible).
 *
 * <p>Shipped in export-core's test-jar ({@code <type>test-jar</type>}, scope test).
 */
public abstract class DestinationContractTest {

    /** The destination under test, fresh for each test. */
    protected Destination destination;

    /** @return a new destination over an empty root */
    protected abstract Destination newDestination() throws Exception;

    /**
     * @return every raw object or file under the destination's root, seen directly in the store,
     *         including temp files, uncommitted uploads and anything else the destination left
     */
    protected abstract List<String> rawObjects() throws Exception;

    /** @return a destination with wrong credentials, or null when the store has none (the test is skipped) */
    protected Destination destinationWithBadCredentials() throws Exception {
        return null;
    }

    /** @return the secrets used by {@link #newDestination()} and the bad-credential one; none may leak */
    protected List<String> secrets() {
        return List.of();
    }

    /** @return bytes written in the "large" abort test; override to exceed the part size */
    protected int largeFileBytes() {
        return 3 * 1024 * 1024;
    }

    @BeforeEach
    void openDestination() throws Exception {
        destination = newDestination();
    }

    @AfterEach
    void closeDestination() {
        if (destination != null) {
            destination.close();
        }
    }

    private static byte[] bytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private void write(String path, byte[] content) throws IOException {
        try (StagedOutput out = destination.create(path)) {
            try (OutputStream s = out.stream()) {
                s.write(content);
            }
            out.commit();
        }
    }

    private byte[] read(String path) throws IOException {
        try (InputStream in = destination.open(path)) {
            return in.readAllBytes();
        }
    }

    @Test
    void commit_makesFileVisibleWithExactBytes() throws Exception {
        byte[] content = bytes(100_000, 1);
        write("a/b/file.bin", content);
        assertThat(read("a/b/file.bin")).isEqualTo(content);
        assertThat(destination.list("a/")).containsExactly("a/b/file.bin");
        assertThat(rawObjects()).containsExactly("a/b/file.bin");
    }

    @Test
    void commit_emptyFile_isVisibleAndEmpty() throws Exception {
        write("empty.bin", new byte[0]);
        assertThat(read("empty.bin")).isEmpty();
    }

    @Test
    void beforeCommit_fileIsNeitherListedNorReadable() throws Exception {
        try (StagedOutput out = destination.create("pending/file.bin")) {
            out.stream().write(bytes(10_000, 2));
            out.stream().flush();
            assertThat(destination.list("")).doesNotContain("pending/file.bin");
            assertThatThrownBy(() -> destination.open("pending/file.bin")).isInstanceOf(IOException.class);
            out.commit();
        }
        assertThat(destination.list("")).contains("pending/file.bin");
    }

    @Test
    void close_withoutCommit_leavesNothingBehind() throws Exception {
        try (StagedOutput out = destination.create("x/aborted.bin")) {
            out.stream().write(bytes(largeFileBytes(), 3));
            out.stream().flush();
        }
        assertThat(destination.list("")).isEmpty();
        assertThat(rawObjects()).isEmpty();
    }

    @Test
    void close_isIdempotentAndCommitAfterCloseFails() throws Exception {
        StagedOutput out = destination.create("twice.bin");
        out.stream().write(1);
        out.close();
        out.close();
        assertThatThrownBy(out::commit).isInstanceOf(IOException.class);
        assertThat(rawObjects()).isEmpty();
    }

    @Test
    void create_overExistingFile_failsAndKeepsTheOriginal() throws Exception {
        byte[] original = bytes(1000, 4);
        write("same.bin", original);
        assertThatThrownBy(() -> write("same.bin", bytes(10, 5))).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(read("same.bin")).isEqualTo(original);
        assertThat(rawObjects()).containsExactly("same.bin");
    }

    @Test
    void list_usesPlainStringPrefixesAndSortsAscending() throws Exception {
        for (String p : List.of("b/2.txt", "a/1.txt", "a/10.txt", "ab/3.txt", "a/sub/4.txt")) {
            write(p, p.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(destination.list("")).containsExactly("a/1.txt", "a/10.txt", "a/sub/4.txt", "ab/3.txt", "b/2.txt");
        assertThat(destination.list("a/")).containsExactly("a/1.txt", "a/10.txt", "a/sub/4.txt");
        assertThat(destination.list("a")).containsExactly("a/1.txt", "a/10.txt", "a/sub/4.txt", "ab/3.txt");
        assertThat(destination.list("a/1")).containsExactly("a/1.txt", "a/10.txt");
        assertThat(destination.list("nothing/")).isEmpty();
    }

    @Test
    void open_missingFile_throwsNoSuchFile() {
        assertThatThrownBy(() -> destination.open("missing.bin")).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void delete_removesTheFileAndIgnoresMissingOnes() throws Exception {
        write("gone.bin", bytes(10, 6));
        destination.delete("gone.bin");
        destination.delete("gone.bin");
        destination.delete("never-there.bin");
        assertThat(destination.list("")).isEmpty();
        assertThat(rawObjects()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"../escape.bin", "a/../../escape.bin", "a/./b.bin", "/absolute.bin", "a//b.bin",
            "a\\b.bin", "new\nline.bin", "tab\t.bin", "nul\u0000.bin", ""})
    void paths_withTraversalOrControlCharacters_areRejected(String path) {
        assertThatThrownBy(() -> destination.create(path)).isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> destination.open(path)).isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> destination.delete(path)).isInstanceOf(ConfigurationException.class);
    }

    @Test
    void concurrentWriters_eachCommitTheirOwnFile() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    write("par/f" + n + ".bin", bytes(50_000, n));
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(destination.list("par/")).hasSize(8);
        for (int i = 0; i < 8; i++) {
            assertThat(read("par/f" + i + ".bin")).isEqualTo(bytes(50_000, i));
        }
    }

    @Test
    void check_validDestination_passes() {
        destination.check();
    }

    @Test
    void check_badCredentials_failsWithANamedError() throws Exception {
        Destination bad = destinationWithBadCredentials();
        assumeTrue(bad != null, "this store has no credentials to get wrong");
        try {
            assertThatThrownBy(bad::check).isInstanceOf(DestinationException.class)
                    .satisfies(e -> assertNoSecretIn(e.getMessage()));
        } finally {
            bad.close();
        }
    }

    /**
     * Issue 32: {@code cleanup} removes the data files of runs that died before publishing (their
     * live marker lapsed, no manifest of theirs exists), and nothing else: not a run that published,
     * not a live run, not files of runs without a marker.
     */
    @Test
    void cleanup_removesTheFilesOfRunsThatDiedBeforePublishing_andNothingElse() throws Exception {
        String folder = "ds/exportTime=202601010000";
        java.time.Instant now = java.time.Instant.now();
        String dead = "11111111-0000-0000-0000-000000000001";
        String published = "11111111-0000-0000-0000-000000000002";
        String live = "11111111-0000-0000-0000-000000000003";
        String unmarked = "11111111-0000-0000-0000-000000000004";
        for (String run : List.of(dead, published, live, unmarked)) {
            write(folder + "/part-00000-" + run + "-c000.json", ("{\"run\":\"" + run + "\"}\n").getBytes(StandardCharsets.UTF_8));
        }
        write(folder + "/region=EU/part-00001-" + dead + "-c000.json", "{}\n".getBytes(StandardCharsets.UTF_8));
        write(folder + "/manifest-x-" + published + ".json", "{}".getBytes(StandardCharsets.UTF_8));
        marker(dead, folder, now.minusSeconds(60));
        marker(published, folder, now.minusSeconds(60));
        marker(live, folder, now.plusSeconds(600));

        assertThat(destination.cleanup(java.time.Duration.ofHours(1))).as("the dead run lapsed a minute ago, not an hour").isZero();
        assertThat(destination.list(folder + "/")).hasSize(6);

        assertThat(destination.cleanup(java.time.Duration.ZERO)).isGreaterThanOrEqualTo(4); // two data files, two markers
        assertThat(destination.list(folder + "/")).containsExactly(
                folder + "/manifest-x-" + published + ".json",
                folder + "/part-00000-" + published + "-c000.json",
                folder + "/part-00000-" + live + "-c000.json",
                folder + "/part-00000-" + unmarked + "-c000.json");
        assertThat(destination.list(org.datasetexport.engine.AbandonedRuns.MARKERS)).singleElement()
                .satisfies(m -> assertThat(m).contains(live));
    }

    private void marker(String runId, String folder, java.time.Instant validUntil) throws IOException {
        write(org.datasetexport.engine.AbandonedRuns.MARKERS + runId + "." + validUntil.toEpochMilli() + ".live",
                ("{\"runId\":\"" + runId + "\",\"folder\":\"" + folder + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void toStringAndIdAndErrors_containNoSecret() throws Exception {
        assertNoSecretIn(destination.toString());
        assertNoSecretIn(destination.id());
        assertThat(destination.id()).matches("[A-Za-z0-9._=-]+");
        try {
            destination.open("missing.bin").close();
        } catch (IOException e) {
            assertNoSecretIn(String.valueOf(e.getMessage()));
        }
    }

    /**
     * @param text any text the destination produced
     */
    protected void assertNoSecretIn(String text) {
        for (String secret : secrets()) {
            assertThat(text).doesNotContain(secret);
        }
    }
}
