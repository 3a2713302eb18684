package org.datasetexport.dest.s3;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3Mock (the executable jar the build copies to {@code target/s3mock}) as a child process on
 * loopback, on free ports, with its own storage folder. {@link #shared()} is one server for the
 * whole test JVM; {@link #start(String...)} makes a private one (for tests that kill it).
 */
public final class S3MockServer implements AutoCloseable {
    /** The bucket every S3Mock started here has. */
    public static final String BUCKET = "exports";
    private static S3MockServer shared;

    private final Process process;
    private final int port;
    private final Path root;

    private S3MockServer(Process process, int port, Path root) {
        this.process = process;
        this.port = port;
        this.root = root;
    }

    /** @return one server for the whole test JVM */
    public static synchronized S3MockServer shared() throws Exception {
        if (shared == null) {
            shared = start(BUCKET, "other-bucket");
            S3MockServer s = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(s::close));
        }
        return shared;
    }

    /** @return a private server with these buckets */
    public static S3MockServer start(String... buckets) throws Exception {
        // the benchmarks module copies the same jar to its own target folder and names it here
        Path jar = Path.of(System.getProperty("s3mock.jar", Path.of("target", "s3mock", "s3mock-exec.jar").toString()));
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: the build copies it in generate-test-resources (run mvn verify)");
        }
        int http = freePort();
        int https = freePort();
        Path root = Files.createDirectories(jar.toAbsolutePath().getParent().resolveSibling("s3mock-data")
                .resolve(UUID.randomUUID().toString()));
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx384m", "-jar", jar.toString(),
                "--http.port=" + http, "--server.port=" + https, "--server.address=127.0.0.1",
                "--com.adobe.testing.s3mock.store.initial-buckets=" + String.join(",", buckets),
                "--com.adobe.testing.s3mock.store.root=" + root.toAbsolutePath(),
                "--com.adobe.testing.s3mock.store.retain-files-on-exit=false"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(root.resolveSibling(root.getFileName() + ".log").toFile()).start();
        S3MockServer server = new S3MockServer(p, http, root);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("S3Mock exited with " + p.exitValue() + "; see " + root + ".log");
            }
            if (server.answers()) {
                return server;
            }
            Thread.sleep(100); // polling a child process start-up; no clock to drive here
        }
        server.close();
        throw new IllegalStateException("S3Mock did not start within 90 s; see " + root + ".log");
    }

    private boolean answers() {
        try {
            HttpURLConnection c = (HttpURLConnection) endpoint().toURL().openConnection();
            c.setConnectTimeout(200);
            c.setReadTimeout(1000);
            return c.getResponseCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** @return the http endpoint */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** A raw client, to look at the bucket behind the destination's back. */
    public S3Client client() {
        return S3Client.builder().endpointOverride(endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
    }

    S3Destination.Builder destination(String prefix) {
        return S3Destination.builder().bucket(BUCKET).prefix(prefix).endpointOverride(endpoint()).forcePathStyle(true)
                .credentials(S3Credentials.accessKey("AKIATESTKEY", "test-secret-do-not-print"));
    }

    /** Kills the server at once, as a crash would. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
