package org.datasetexport.dest.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.HashSet;
import java.util.Set;
import org.datasetexport.DatasetExport;
import org.datasetexport.ExportResult;
import org.datasetexport.data.Datasets;
import org.datasetexport.engine.AbandonedRuns;
import org.datasetexport.testdata.GeneratedRows;
import org.datasetexport.testdata.RunMarkers;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Issue 22: an S3 export killed with kill -9 mid multipart upload leaves no object under a final
 * name, only a pending upload (invisible), which {@code cleanup} aborts. Issue 32: the objects the
 * killed run had committed (no manifest lists them) are removed by {@code cleanup(Duration.ZERO)}
 * once its live marker lapses (a 2-second lease here), and after a new export every data object
 * under the prefix is in a manifest, each id once.
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
        Process child = new ProcessBuilder(java, "-Xmx256m", LEASE, "-cp", System.getProperty("java.class.path"),
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
        assertThat(keys(client, prefix)).as("no object under a final name, only the run's live marker")
                .allMatch(k -> k.startsWith(prefix + "/" + AbandonedRuns.MARKERS));
        assertThat(pending(client, prefix)).as("the killed upload is pending, invisible").isNotEmpty();
        try (S3Destination s3 = server.destination(prefix).build()) {
            assertThat(RunMarkers.awaitLapsed(s3, Duration.ofSeconds(2))).as("the killed run left its live marker").isTrue();
            assertThat(s3.cleanup(Duration.ZERO)).isGreaterThanOrEqualTo(2); // the upload and the marker
        }
        assertThat(pending(client, prefix)).isEmpty();
        assertThat(keys(client, prefix)).isEmpty();
    }

    /**
     * Kills at random points of an export of many files (50,000 rows each, a multipart upload
     * apiece): every object under a final name is a whole file, a manifest appears only with all its
     * files, cleanup aborts every pending upload and removes every object of the killed run, and a
     * new export leaves only objects its manifest lists. Three trials here; eight in {@code -Pslow}.
     */
    @Test
    void killsAtRandomPoints_leaveOnlyWholeObjects_andCleanupLeavesOnlyManifestedOnes() throws Exception {
        trials(3);
    }

    /** {@code -Pslow}: the same with eight kills. */
    @Test
    @Tag("slow")
    void manyKillsAtRandomPoints_leaveOnlyWholeObjects() throws Exception {
        trials(8);
    }

    private void trials(int trials) throws Exception {
        S3MockServer server = S3MockServer.shared();
        S3Client client = server.client();
        Random random = new Random(System.nanoTime());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        int whole = 0;
        int aborted = 0;
        int manifests = 0;
        for (int trial = 0; trial < trials; trial++) {
            String prefix = "crashes-" + UUID.randomUUID();
            Process child = new ProcessBuilder(java, "-Xmx256m", LEASE, "-cp", System.getProperty("java.class.path"),
                    S3CrashChild.class.getName(), server.endpoint().toString(), prefix, "50000").redirectErrorStream(true)
                    .redirectOutput(dir.resolve("child-" + trial + ".log").toFile()).start();
            child.waitFor(1_000 + random.nextInt(9_000), TimeUnit.MILLISECONDS); // the whole export takes ~15 s
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            List<String> keys = client.listObjectsV2Paginator(r -> r.bucket(S3MockServer.BUCKET).prefix(prefix + "/")).contents()
                    .stream().map(o -> o.key()).toList();
            for (String key : keys) {
                if (key.startsWith(prefix + "/" + AbandonedRuns.MARKERS)) {
                    continue; // the killed run's live marker
                }
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
            boolean finished = keys.stream().anyMatch(k -> k.contains("/manifest-"));
            try (S3Destination s3 = server.destination(prefix).build()) {
                RunMarkers.awaitLapsed(s3, Duration.ofSeconds(2)); // none when the child was killed while its JVM started
                aborted += s3.cleanup(Duration.ZERO);
                assertThat(pending(client, prefix)).isEmpty();
                if (!finished) {
                    assertThat(keys(client, prefix)).as("nothing of the killed run").isEmpty();
                    // a new export: every data object is in its manifest, each id once
                    ExportResult again = DatasetExport.from(Datasets.of("crash", GeneratedRows.SCHEMA, GeneratedRows.of(30_000, "z")))
                            .to(s3).format("json").maxRecordsPerFile(10_000).manifest(true).run();
                    List<String> listed = again.files().stream().map(f -> prefix + "/" + f.path()).toList();
                    Set<Long> ids = new HashSet<>();
                    for (String key : keys(client, prefix)) {
                        if (key.contains("/part-")) {
                            assertThat(listed).as("%s is in the manifest", key).contains(key);
                            for (String line : client.getObjectAsBytes(r -> r.bucket(S3MockServer.BUCKET).key(key)).asUtf8String()
                                    .split("\n")) {
                                assertThat(ids.add(Long.parseLong(line.substring(6, line.indexOf(','))))).as("id once").isTrue();
                            }
                        }
                    }
                    assertThat(ids).hasSize(30_000);
                }
            }
        }
        System.out.printf("S3CrashTest: %d kills, %d whole objects checked, %d manifests, %d leftovers (pending uploads, objects of killed runs, markers) removed by cleanup%n",
                trials, whole, manifests, aborted);
    }

    private static final String LEASE = "-D" + AbandonedRuns.LEASE_PROPERTY + "=PT2S";

    private static List<String> keys(S3Client client, String prefix) {
        return client.listObjectsV2Paginator(r -> r.bucket(S3MockServer.BUCKET).prefix(prefix + "/")).contents().stream()
                .map(o -> o.key()).toList();
    }

    private static List<String> pending(S3Client client, String prefix) {
        return client.listMultipartUploads(r -> r.bucket(S3MockServer.BUCKET).prefix(prefix + "/")).uploads().stream()
                .map(u -> u.key()).toList();
    }
}
