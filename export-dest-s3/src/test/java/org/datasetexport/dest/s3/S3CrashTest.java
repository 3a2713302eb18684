package org.datasetexport.dest.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Issue 22: an S3 export killed with kill -9 mid multipart upload leaves no object under a final
 * name, only a pending upload (invisible), which {@code cleanup} aborts.
 */
class S3CrashTest {
    @TempDir
    Path dir;

    @Test
    void exportKilledMidMultipartUpload_leavesNoObjectAndCleanupAbortsTheUpload() throws Exception {
        S3MockServer server = S3MockServer.shared();
        S3Client client = server.client();
        String prefix = "crash-" + UUID.randomUUID();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                S3CrashChild.class.getName(), server.endpoint().toString(), prefix).redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile()).start();
        try {
            // kill once a multipart upload has begun (bounded wait)
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (child.isAlive() && System.nanoTime() < deadline && pending(client, prefix).isEmpty()) {
                Thread.onSpinWait();
            }
            assertThat(child.isAlive()).as("killed while uploading").isTrue();
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(client.listObjectsV2(r -> r.bucket(S3MockServer.BUCKET).prefix(prefix + "/")).contents())
                .as("no object under a final name").isEmpty();
        assertThat(pending(client, prefix)).as("the killed upload is pending, invisible").isNotEmpty();
        try (S3Destination s3 = server.destination(prefix).build()) {
            assertThat(s3.cleanup(Duration.ZERO)).isGreaterThanOrEqualTo(1);
        }
        assertThat(pending(client, prefix)).isEmpty();
    }

    /**
     * {@code -Pslow}: kills at random points of an export of many files (50,000 rows each, a
     * multipart upload apiece): every object under a final name is a whole file, a manifest appears
     * only with all its files, and cleanup aborts every pending upload.
     */
    @Test
    @Tag("slow")
    void manyKillsAtRandomPoints_leaveOnlyWholeObjects() throws Exception {
        S3MockServer server = S3MockServer.shared();
        S3Client client = server.client();
        Random random = new Random(System.nanoTime());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        int trials = 8;
        int whole = 0;
        int aborted = 0;
        int manifests = 0;
        for (int trial = 0; trial < trials; trial++) {
            String prefix = "crashes-" + UUID.randomUUID();
            Process child = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    S3CrashChild.class.getName(), server.endpoint().toString(), prefix, "50000").redirectErrorStream(true)
                    .redirectOutput(dir.resolve("child-" + trial + ".log").toFile()).start();
            child.waitFor(1_000 + random.nextInt(9_000), TimeUnit.MILLISECONDS); // the whole export takes ~15 s
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            List<String> keys = client.listObjectsV2Paginator(r -> r.bucket(S3MockServer.BUCKET).prefix(prefix + "/")).contents()
                    .stream().map(o -> o.key()).toList();
            for (String key : keys) {
                String text = client.getObjectAsBytes(r -> r.bucket(S3MockServer.BUCKET).key(key)).asUtf8String();
                if (key.contains("/manifest-")) {
                    manifests++;
                    assertThat(keys).as("every file the manifest lists exists")
                            .containsAll(Pattern.compile("\"name\"\\s*:\\s*\"([^\"]+)\"").matcher(text).results()
                                    .filter(m -> m.group(1).startsWith("part-")) // not the schema's field names
                                    .map(m -> key.substring(0, key.lastIndexOf('/') + 1) + m.group(1)).toList());
                    continue;
                }
                String[] lines = text.split("\n");
                assertThat(lines).as("%s is a whole file", key).hasSize(50_000)
                        .allMatch(l -> l.matches("\\{\"id\":\\d+,\"pad\":\"y{200}\"\\}"));
                whole++;
            }
            try (S3Destination s3 = server.destination(prefix).build()) {
                aborted += s3.cleanup(Duration.ZERO);
            }
            assertThat(pending(client, prefix)).isEmpty();
        }
        System.out.printf("S3CrashTest: %d kills, %d whole objects checked, %d manifests, %d pending uploads aborted by cleanup%n",
                trials, whole, manifests, aborted);
    }

    private static List<String> pending(S3Client client, String prefix) {
        return client.listMultipartUploads(r -> r.bucket(S3MockServer.BUCKET).prefix(prefix + "/")).uploads().stream()
                .map(u -> u.key()).toList();
    }
}
