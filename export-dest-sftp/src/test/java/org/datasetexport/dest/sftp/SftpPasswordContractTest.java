package org.datasetexport.dest.sftp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.datasetexport.spi.Destination;
import org.datasetexport.spi.DestinationContractTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The contract kit over SFTP with password login and a known_hosts entry. */
class SftpPasswordContractTest extends DestinationContractTest {
    @TempDir
    Path root;
    protected SshTestServer server;

    @AfterEach
    void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    protected SftpCredentials credentials() throws Exception {
        return SftpCredentials.password(SshTestServer.PASSWORD);
    }

    @Override
    protected Destination newDestination() throws Exception {
        Files.createDirectories(root.resolve("upload"));
        server = SshTestServer.start(root);
        return SftpDestination.builder().host("127.0.0.1").port(server.port()).username(SshTestServer.USER)
                .remotePath("/upload").credentials(credentials())
                .hostKeys(HostKeyPolicy.knownHosts(server.knownHostsLine())).build();
    }

    /** Every file under the served folder, temp files included, straight from the disk. */
    @Override
    protected List<String> rawObjects() throws Exception {
        Path upload = root.resolve("upload");
        try (Stream<Path> walk = Files.walk(upload)) {
            return walk.filter(Files::isRegularFile).map(p -> upload.relativize(p).toString().replace('\\', '/')).sorted().toList();
        }
    }

    @Override
    protected Destination destinationWithBadCredentials() {
        return SftpDestination.builder().host("127.0.0.1").port(server.port()).username(SshTestServer.USER)
                .remotePath("/upload").credentials(SftpCredentials.password("wrong-password-do-not-print"))
                .hostKeys(HostKeyPolicy.knownHosts(server.knownHostsLine())).build();
    }

    @Override
    protected List<String> secrets() {
        return List.of(SshTestServer.PASSWORD, "wrong-password-do-not-print");
    }
}
