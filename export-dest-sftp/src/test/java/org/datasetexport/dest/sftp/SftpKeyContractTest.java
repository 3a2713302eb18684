package org.datasetexport.dest.sftp;

import com.jcraft.jsch.KeyPair;

/** The contract kit over SFTP with an ECDSA key and a pinned host-key fingerprint. */
class SftpKeyContractTest extends SftpPasswordContractTest {
    @Override
    protected SftpCredentials credentials() throws Exception {
        return SftpCredentials.privateKey(server.authorizeNewKey(KeyPair.ECDSA, 256, null), null);
    }

    @Override
    protected org.datasetexport.spi.Destination newDestination() throws Exception {
        java.nio.file.Files.createDirectories(root.resolve("upload"));
        server = SshTestServer.start(root);
        return SftpDestination.builder().host("127.0.0.1").port(server.port()).username(SshTestServer.USER)
                .remotePath("/upload").credentials(credentials())
                .hostKeys(HostKeyPolicy.fingerprint(server.fingerprint())).build();
    }
}
