package org.datasetexport.dest.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jcraft.jsch.KeyPair;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.datasetexport.Compression;
import org.datasetexport.ConfigurationException;
import org.datasetexport.DatasetExport;
import org.datasetexport.DestinationException;
import org.datasetexport.Destinations;
import org.datasetexport.ExportResult;
import org.datasetexport.ExportedFile;
import org.datasetexport.data.Datasets;
import org.datasetexport.data.Row;
import org.datasetexport.spi.Destination;
import org.datasetexport.spi.StagedOutput;
import org.datasetexport.testdata.DuckDbReader;
import org.datasetexport.testdata.ExperienceEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SftpDestinationTest {
    @TempDir
    Path root;
    private SshTestServer server;

    @BeforeEach
    void start() throws Exception {
        Files.createDirectories(root.resolve("upload"));
        server = SshTestServer.start(root);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private SftpDestination.Builder destination() {
        return SftpDestination.builder().host("127.0.0.1").port(server.port()).username(SshTestServer.USER).remotePath("/upload")
                .hostKeys(HostKeyPolicy.knownHosts(server.knownHostsLine())).connectTimeout(Duration.ofSeconds(5));
    }

    private static void assertNoSecret(Throwable e, String... secrets) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            for (String s : secrets) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain(s);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "parquet"})
    void export_nestedDataset_readsBackEqual(String format) throws Exception {
        List<Row> rows = ExperienceEvents.rows(1200, 3);
        try (SftpDestination sftp = destination().credentials(SftpCredentials.password(SshTestServer.PASSWORD)).build()) {
            ExportResult result = DatasetExport.from(Datasets.of("events", ExperienceEvents.SCHEMA, rows)).to(sftp)
                    .folder("drop").format(format).compression(Compression.GZIP).maxRecordsPerFile(500).parallelism(2).run();
            List<List<Object>> back = new ArrayList<>();
            try (DuckDbReader duck = new DuckDbReader()) {
                for (ExportedFile f : result.files()) {
                    Path local = root.resolve("upload").resolve(f.path());
                    back.addAll(format.equals("json") ? duck.readJson(local, ExperienceEvents.SCHEMA)
                            : duck.readParquet(local, ExperienceEvents.SCHEMA));
                }
            }
            DuckDbReader.Source source = format.equals("json") ? DuckDbReader.Source.JSON : DuckDbReader.Source.PARQUET;
            // one split fanned out to two encoders: every row once, files in any order (README, "Parallelism for every dataset")
            assertThat(back).containsExactlyInAnyOrderElementsOf(
                    rows.stream().map(r -> DuckDbReader.expected(r, ExperienceEvents.SCHEMA.asStruct(), source)).toList());
            try (Stream<Path> walk = Files.walk(root)) {
                assertThat(walk.filter(p -> p.toString().endsWith(".part")).toList()).isEmpty();
            }
        }
    }

    @Test
    void privateKeys_rsaPemEcdsaWithPassphraseAndEd25519OpenSsh_allLogIn() throws Exception {
        String rsa = server.authorizeNewKey(KeyPair.RSA, 2048, null);
        String ecdsa = server.authorizeNewKey(KeyPair.ECDSA, 256, "key-passphrase-do-not-print");
        KeyPairGenerator ed = KeyPairGenerator.getInstance("Ed25519", new org.bouncycastle.jce.provider.BouncyCastleProvider());
        java.security.KeyPair edKey = ed.generateKeyPair();
        server.authorizedKeys.add(edKey.getPublic());
        ByteArrayOutputStream edText = new ByteArrayOutputStream();
        OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(edKey, "test", new OpenSSHKeyEncryptionContext(), edText);
        Path edFile = root.resolve("id_ed25519");
        Files.write(edFile, edText.toByteArray());

        for (SftpCredentials c : List.of(SftpCredentials.privateKey(rsa, null),
                SftpCredentials.privateKey(ecdsa.getBytes(StandardCharsets.UTF_8), "key-passphrase-do-not-print"),
                SftpCredentials.privateKeyFile(edFile, null))) {
            try (SftpDestination sftp = destination().credentials(c).build()) {
                sftp.check();
                assertThat(sftp.toString()).doesNotContain("PRIVATE KEY").doesNotContain("key-passphrase-do-not-print");
            }
        }
        assertThat(rsa).contains("PRIVATE KEY");
        assertThat(edText.toString(StandardCharsets.UTF_8)).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----");
    }

    @Test
    void wrongPasswordAndUnauthorizedKey_areRejectedClearly() throws Exception {
        try (SftpDestination sftp = destination().credentials(SftpCredentials.password("wrong-password-do-not-print")).build()) {
            assertThatThrownBy(sftp::check).isInstanceOfSatisfying(DestinationException.class, e -> {
                assertThat(e.isRetryable()).isFalse();
                assertThat(e.getMessage()).contains("authentication failed for exporter@127.0.0.1:" + server.port());
                assertNoSecret(e, "wrong-password-do-not-print");
            });
        }
        KeyPair stranger = KeyPair.genKeyPair(new com.jcraft.jsch.JSch(), KeyPair.ECDSA, 256);
        ByteArrayOutputStream key = new ByteArrayOutputStream();
        stranger.writePrivateKey(key);
        try (SftpDestination sftp = destination().credentials(SftpCredentials.privateKey(key.toString(StandardCharsets.UTF_8), null)).build()) {
            assertThatThrownBy(sftp::check).isInstanceOf(DestinationException.class).hasMessageContaining("authentication failed")
                    .satisfies(e -> assertNoSecret(e, "PRIVATE KEY"));
        }
    }

    @Test
    void unknownAndChangedHostKeys_areRefused() throws Exception {
        String otherHostKey = org.apache.sshd.common.config.keys.PublicKeyEntry.toString(SshTestServer.newHostKey().getPublic());
        try (SftpDestination unknown = destination().credentials(SftpCredentials.password(SshTestServer.PASSWORD))
                .hostKeys(HostKeyPolicy.knownHosts("[sftp.example.com]:22 " + otherHostKey)).build()) {
            assertThatThrownBy(unknown::check).isInstanceOf(DestinationException.class)
                    .hasMessageContaining("the host key of exporter@127.0.0.1:" + server.port() + " is unknown");
        }
        try (SftpDestination changed = destination().credentials(SftpCredentials.password(SshTestServer.PASSWORD))
                .hostKeys(HostKeyPolicy.knownHosts("[127.0.0.1]:" + server.port() + " " + otherHostKey)).build()) {
            assertThatThrownBy(changed::check).isInstanceOf(DestinationException.class)
                    .hasMessageContaining("does not match the known or pinned key: possible man-in-the-middle");
        }
        try (SftpDestination pinnedWrong = destination().credentials(SftpCredentials.password(SshTestServer.PASSWORD))
                .hostKeys(HostKeyPolicy.fingerprint("SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")).build()) {
            assertThatThrownBy(pinnedWrong::check).isInstanceOf(DestinationException.class)
                    .hasMessageContaining("does not match the known or pinned key");
        }
        assertThatThrownBy(() -> SftpDestination.builder().host("h").username("u")
                .credentials(SftpCredentials.password("x")).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("needs a host-key policy");
    }

    @Test
    void revokedHostKey_isRefusedAndNotRetryable() throws Exception {
        // issue 16: a @revoked known_hosts line was classified as a retryable network error
        String line = server.knownHostsLine();
        try (SftpDestination revoked = destination().credentials(SftpCredentials.password(SshTestServer.PASSWORD))
                .hostKeys(HostKeyPolicy.knownHosts(line + "\n@revoked " + line)).build()) {
            assertThatThrownBy(revoked::check).isInstanceOfSatisfying(DestinationException.class,
                    e -> assertThat(e.isRetryable()).isFalse()).hasMessageContaining("revoked");
        }
    }

    @Test
    void serverStoppedMidUpload_givesARetryableErrorAndCleanupRemovesThePartFile() throws Exception {
        java.security.KeyPair hostKey = server.hostKey();
        int port = server.port();
        try (SftpDestination sftp = destination().credentials(SftpCredentials.password(SshTestServer.PASSWORD))
                .readTimeout(Duration.ofSeconds(5)).build()) {
            StagedOutput out = sftp.create("big/file.bin");
            byte[] chunk = new byte[256 * 1024];
            out.stream().write(chunk);
            out.stream().flush();
            server.stop();
            assertThatThrownBy(() -> {
                for (int i = 0; i < 64; i++) {
                    out.stream().write(chunk);
                }
                out.commit();
            }).isInstanceOfSatisfying(DestinationException.class, e -> {
                assertThat(e.isRetryable()).isTrue();
                assertThat(e.path()).isEqualTo("big/file.bin");
                assertThat(e.getMessage()).contains("exporter@127.0.0.1:" + port);
                assertNoSecret(e, SshTestServer.PASSWORD);
            });
            out.close();
            try (Stream<Path> walk = Files.walk(root.resolve("upload"))) {
                assertThat(walk.filter(p -> p.toString().endsWith(".part")).toList()).as("left by the dead connection").hasSize(1);
            }
            server = SshTestServer.start(root, hostKey, port);
            assertThat(sftp.cleanup(Duration.ZERO)).isEqualTo(1);
            try (Stream<Path> walk = Files.walk(root.resolve("upload"))) {
                assertThat(walk.filter(p -> p.toString().endsWith(".part")).toList()).isEmpty();
            }
        }
    }

    @Test
    void connect_serverNotUpYet_isRetriedWithBackoffUntilItIs() throws Exception {
        java.security.KeyPair hostKey = server.hostKey();
        int port = server.port();
        server.stop();
        java.util.concurrent.CompletableFuture<Void> restart = java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                Thread.sleep(300); // the server comes back while the destination is retrying
                server = SshTestServer.start(root, hostKey, port);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try (SftpDestination sftp = destination().credentials(SftpCredentials.password(SshTestServer.PASSWORD))
                .connectRetries(6, Duration.ofMillis(100)).build()) {
            sftp.check();
        }
        restart.get();
    }

    @Test
    void connect_wrongPassword_isNotRetried() throws Exception {
        try (SftpDestination sftp = destination().credentials(SftpCredentials.password("wrong-password-do-not-print"))
                .connectRetries(10, Duration.ofSeconds(5)).build()) {
            long start = System.nanoTime();
            assertThatThrownBy(sftp::check).hasMessageContaining("authentication failed");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void provider_mapsUriAndOptionsAndRefusesPasswordsInTheUri() throws Exception {
        Map<String, String> options = Map.of("password", SshTestServer.PASSWORD, "hostKeyFingerprint", server.fingerprint());
        try (Destination d = Destinations.of("sftp://exporter@127.0.0.1:" + server.port() + "/upload/via-uri", options)) {
            d.check();
            assertThat(d.toString()).contains("exporter@127.0.0.1").doesNotContain(SshTestServer.PASSWORD);
            assertThat(d.id()).startsWith("sftp-127.0.0.1-" + server.port());
        }
        assertThatThrownBy(() -> Destinations.of("sftp://exporter:" + SshTestServer.PASSWORD + "@h/x", Map.of()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("carry no password")
                .satisfies(e -> assertNoSecret(e, SshTestServer.PASSWORD));
        assertThatThrownBy(() -> Destinations.of("sftp://u@h/x", Map.of("password", "p")))
                .hasMessageContaining("exactly one of knownHosts, knownHostsFile, hostKeyFingerprint, insecureAcceptAnyHostKey");
        assertThatThrownBy(() -> Destinations.of("sftp://u@h/x", Map.of("password", "p", "insecureAcceptAnyHostKey", "true", "port", "2")))
                .hasMessageContaining("unknown option \"port\"");
    }
}
