package org.datasetexport.dest.azure;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.sas.BlobContainerSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Azurite's blob service (installed from npm by the build into src/test/azurite) as a child process
 * on loopback, on a free port, storing in a fresh folder. {@link #shared()} serves the whole test JVM.
 */
public final class AzuriteServer implements AutoCloseable {
    static final String ACCOUNT = "devstoreaccount1";
    /** Azurite's documented, public development key (not a secret). */
    static final String KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static AzuriteServer shared;

    private final Process process;
    private final int port;

    private AzuriteServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static synchronized AzuriteServer shared() throws Exception {
        if (shared == null) {
            shared = start();
            AzuriteServer s = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(s::close));
        }
        return shared;
    }

    public static AzuriteServer start() throws Exception {
        // export-cli's tests start the Azurite this module installed: they name its folder
        Path bin = Path.of(System.getProperty("azurite.dir", Path.of("src", "test", "azurite").toString()), "node_modules", ".bin",
                "azurite-blob");
        if (!Files.exists(bin)) {
            throw new IllegalStateException(bin + " is missing: the build installs Azurite with npm ci (run mvn verify)");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path data = Files.createDirectories(Path.of("target", "azurite", UUID.randomUUID().toString()));
        Process p = new ProcessBuilder(List.of(bin.toAbsolutePath().toString(), "--blobHost", "127.0.0.1", "--blobPort",
                String.valueOf(port), "--location", data.toAbsolutePath().toString(), "--skipApiVersionCheck", "--silent"))
                .redirectErrorStream(true).redirectOutput(data.resolveSibling(data.getFileName() + ".log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("Azurite exited with " + p.exitValue() + "; see " + data + ".log");
            }
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return new AzuriteServer(p, port);
            } catch (IOException notYet) {
                Thread.sleep(100); // polling a child process start-up
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException("Azurite did not start within 60 s");
    }

    String endpoint() {
        return "http://127.0.0.1:" + port + "/" + ACCOUNT;
    }

    String connectionString() {
        return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + KEY + ";BlobEndpoint=" + endpoint() + ";";
    }

    BlobServiceClient service() {
        return new BlobServiceClientBuilder().connectionString(connectionString()).buildClient();
    }

    /** Creates a fresh container and returns its name. */
    public String newContainer() {
        String name = "c" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        service().createBlobContainer(name);
        return name;
    }

    /** A container SAS URI with the given permissions ("racwdl" for everything), valid for an hour. */
    public String sasUri(String container, String permissions) {
        BlobContainerClient c = service().getBlobContainerClient(container);
        String sas = c.generateSas(new BlobServiceSasSignatureValues(OffsetDateTime.now().plusHours(1),
                BlobContainerSasPermission.parse(permissions)));
        return c.getBlobContainerUrl() + "?" + sas;
    }

    void stop() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
