package org.datasetexport.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.datasetexport.Compression;
import org.datasetexport.DatasetExport;
import org.datasetexport.ExportResult;
import org.datasetexport.data.Datasets;
import org.datasetexport.dest.sftp.HostKeyPolicy;
import org.datasetexport.dest.sftp.SftpCredentials;
import org.datasetexport.dest.sftp.SftpDestination;

/**
 * Exports the sample events over SFTP as gzip JSON, with the host key pinned by fingerprint.
 *
 * <p>Usage: {@code SftpExportExample host port user remotePath} with {@code SFTP_PASSWORD} (or
 * {@code SFTP_PRIVATE_KEY_FILE}, optional {@code SFTP_PASSPHRASE}) and {@code SFTP_HOST_KEY_FINGERPRINT}
 * ({@code SHA256:…}, as {@code ssh-keygen -lf} prints it) in the environment. Without arguments it
 * starts a throwaway SFTP server on loopback serving {@code target/sftp-demo} and exports to it.
 */
public final class SftpExportExample {
    private SftpExportExample() {
    }

    /**
     * @param args host, port, user, remote path; none for the local demo server
     * @throws Exception when the demo server cannot start
     */
    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            demo();
            return;
        }
        String keyFile = System.getenv("SFTP_PRIVATE_KEY_FILE");
        SftpCredentials credentials = keyFile != null
                ? SftpCredentials.privateKeyFile(Path.of(keyFile), System.getenv("SFTP_PASSPHRASE"))
                : SftpCredentials.password(System.getenv("SFTP_PASSWORD"));
        export(args[0], Integer.parseInt(args[1]), args[2], args[3], credentials,
                HostKeyPolicy.fingerprint(System.getenv("SFTP_HOST_KEY_FINGERPRINT")));
    }

    private static void export(String host, int port, String user, String path, SftpCredentials credentials, HostKeyPolicy hostKeys) {
        try (SftpDestination sftp = SftpDestination.builder().host(host).port(port).username(user).remotePath(path)
                .credentials(credentials).hostKeys(hostKeys).build()) {
            sftp.check(); // connect, authenticate, write + rename + delete a probe
            ExportResult result = DatasetExport.from(Datasets.of("experience-events", SampleEvents.SCHEMA, SampleEvents.sampleEvents(10_000)))
                    .to(sftp).folder("drop").format("json").compression(Compression.GZIP).manifest(true).run();
            System.out.printf("wrote %,d records in %d file(s) to %s%n", result.records(), result.files().size(), sftp);
            result.files().forEach(f -> System.out.println("  " + f.path()));
        }
    }

    private static void demo() throws Exception {
        Path served = Files.createDirectories(Path.of("target", "sftp-demo"));
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair hostKey = g.generateKeyPair();
        SshServer server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPasswordAuthenticator((user, password, session) -> "demo".equals(user) && "demo-password".equals(password));
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        server.setFileSystemFactory(new VirtualFileSystemFactory(served.toAbsolutePath()));
        server.start();
        try {
            String fingerprint = KeyUtils.getFingerPrint(BuiltinDigests.sha256, hostKey.getPublic());
            System.out.println("demo SFTP server on 127.0.0.1:" + server.getPort() + ", host key " + fingerprint
                    + ", serving " + served.toAbsolutePath());
            export("127.0.0.1", server.getPort(), "demo", "/", SftpCredentials.password("demo-password"),
                    HostKeyPolicy.fingerprint(fingerprint));
        } finally {
            server.stop(true);
        }
    }
}
