package org.datasetexport.dest.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
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

    private static List<String> pending(S3Client client, String prefix) {
        return client.listMultipartUploads(r -> r.bucket(S3MockServer.BUCKET).prefix(prefix + "/")).uploads().stream()
                .map(u -> u.key()).toList();
    }
}
