package org.datasetexport.dest.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.jcraft.jsch.KeyPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.datasetexport.DatasetExport;
import org.datasetexport.Destinations;
import org.datasetexport.data.Datasets;
import org.datasetexport.spi.Destination;
import org.datasetexport.testdata.ExperienceEvents;
import org.datasetexport.testdata.SecretScan;
import org.datasetexport.testdata.Secrets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 16: with every logger at TRACE, no SFTP password, passphrase or private key is printed by the SDK. */
@Tag(SecretScan.TAG)
class SftpSecretScanTest {
    private static final String PASSPHRASE = "scan-passphrase/with+awkward@chars_ and space";

    @TempDir
    Path root;

    @BeforeAll
    static void trace() {
        SecretScan.everyLoggerAtTrace();
    }

    @Test
    void passwordAndKeyExports_neverShowASecret() throws Exception {
        Files.createDirectories(root.resolve("upload"));
        List<Throwable> failures = new ArrayList<>();
        String keyBody;
        try (SshTestServer server = SshTestServer.start(root)) {
            String privateKey = server.authorizeNewKey(KeyPair.ECDSA, 256, PASSPHRASE);
            keyBody = privateKey.lines().filter(l -> !l.startsWith("-----") && l.length() > 20).findFirst().orElseThrow();
            String uri = "sftp://" + SshTestServer.USER + "@127.0.0.1:" + server.port() + "/upload";
            Map<String, String> hostKey = Map.of("knownHosts", server.knownHostsLine());
            try (Destination sftp = Destinations.of(uri, with(hostKey, "password", SshTestServer.PASSWORD))) {
                DatasetExport.from(Datasets.of("events", ExperienceEvents.SCHEMA, ExperienceEvents.rows(200, 8))).to(sftp)
                        .format("json").manifest(true).run();
                Secrets.assertNotIn(sftp.toString(), SshTestServer.PASSWORD);
            }
            try (Destination sftp = Destinations.of(uri, with(hostKey, "privateKey", privateKey, "passphrase", PASSPHRASE))) {
                DatasetExport.from(Datasets.of("events", ExperienceEvents.SCHEMA, ExperienceEvents.rows(50, 9))).to(sftp)
                        .format("json").run();
                Secrets.assertNotIn(sftp.toString(), PASSPHRASE, keyBody);
            }
            try (Destination wrong = Destinations.of(uri, with(hostKey, "password", SshTestServer.PASSWORD + "-wrong"))) {
                failures.add(catchThrowable(wrong::check));
            }
            // a wrong passphrase is found when the key is loaded, before any connection
            failures.add(catchThrowable(() -> Destinations.of(uri, with(hostKey, "privateKey", privateKey, "passphrase",
                    PASSPHRASE + "x"))));
        }
        for (Throwable t : failures) {
            assertThat(t).isNotNull();
            Secrets.assertNotIn(t, SshTestServer.PASSWORD, PASSPHRASE, keyBody);
        }
        // the SSH server of the test runs in this JVM and logs into the same file: only the client side counts
        Set<String> leaking = SecretScan.leakingLoggers(SshTestServer.PASSWORD, PASSPHRASE, keyBody).stream()
                .filter(logger -> !logger.startsWith("org.apache.sshd.")).collect(Collectors.toSet());
        assertThat(leaking).isEmpty();
    }

    private static Map<String, String> with(Map<String, String> base, String... pairs) {
        Map<String, String> m = new java.util.HashMap<>(base);
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }
}
