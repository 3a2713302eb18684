package org.datasetexport.dest.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.datasetexport.DestinationException;
import org.datasetexport.spi.StagedOutput;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 22: SFTP under network faults. A connection that goes silent mid-upload fails within the
 * read timeout (never hangs), publishes nothing, and what it left behind (the temp file) is
 * removed by {@code cleanup}; a connection reset mid-upload likewise.
 */
class SftpFaultTest {
    @TempDir
    Path root;
    private SshTestServer server;
    private StallingTcpProxy proxy;

    @BeforeEach
    void start() throws Exception {
        Files.createDirectories(root.resolve("upload"));
        server = SshTestServer.start(root);
        proxy = new StallingTcpProxy(server.port());
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
        server.close();
    }

    private SftpDestination.Builder destination(int port) {
        return SftpDestination.builder().host("127.0.0.1").port(port).username(SshTestServer.USER).remotePath("/upload")
                .hostKeys(HostKeyPolicy.fingerprint(server.fingerprint())).credentials(SftpCredentials.password(SshTestServer.PASSWORD))
                .connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(2)).connectRetries(1, Duration.ofMillis(100));
    }

    private List<String> uploadFolder() throws IOException {
        try (Stream<Path> files = Files.walk(root.resolve("upload"))) {
            return files.filter(Files::isRegularFile).map(p -> root.resolve("upload").relativize(p).toString()).sorted().toList();
        }
    }

    /** Writes until the stalled connection makes a write or the commit fail. */
    private static void writeAndCommit(StagedOutput out) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        OutputStream stream = out.stream();
        for (int i = 0; i < 256; i++) {
            stream.write(chunk);
        }
        out.commit();
    }

    @Test
    void aConnectionThatGoesSilent_failsWithinTheReadTimeout_andPublishesNothing() throws Exception {
        try (SftpDestination sftp = destination(proxy.port()).build()) {
            StagedOutput out = sftp.create("silent.bin");
            out.stream().write(new byte[1024]);
            proxy.stall();
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                assertThatThrownBy(() -> writeAndCommit(out)).isInstanceOf(DestinationException.class)
                        .hasMessageContaining("\"silent.bin\"").hasMessageContaining("connection to exporter@127.0.0.1")
                        .satisfies(e -> assertThat(((DestinationException) e).isRetryable()).isTrue());
                out.close();
            });
        }
        assertThat(uploadFolder()).as("only a hidden temp file may be left").allMatch(f -> f.startsWith(".silent.bin.") && f.endsWith(".part"));
        try (SftpDestination direct = destination(server.port()).build()) {
            direct.cleanup(Duration.ZERO);
            assertThat(direct.list("")).isEmpty();
        }
        assertThat(uploadFolder()).as("the temp file the silent upload left is gone after cleanup").isEmpty();
    }

    @Test
    void aConnectionResetMidUpload_failsAndPublishesNothing() throws Exception {
        try (SftpDestination sftp = destination(proxy.port()).build()) {
            StagedOutput out = sftp.create("reset.bin");
            out.stream().write(new byte[1024]);
            proxy.reset();
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                assertThatThrownBy(() -> writeAndCommit(out)).isInstanceOf(DestinationException.class)
                        .hasMessageContaining("\"reset.bin\"").satisfies(e -> assertThat(((DestinationException) e).isRetryable()).isTrue());
                out.close();
            });
        }
        assertThat(uploadFolder()).as("only a hidden temp file may be left").allMatch(f -> f.startsWith(".reset.bin.") && f.endsWith(".part"));
        try (SftpDestination direct = destination(server.port()).build()) {
            direct.cleanup(Duration.ZERO);
        }
        assertThat(uploadFolder()).isEmpty();
    }
}
