package org.datasetexport.dest.sftp;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.KeyPair;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/** Apache MINA SSHD on loopback, port 0, serving a folder over SFTP; password and public-key login. */
final class SshTestServer implements AutoCloseable {
    static final String USER = "exporter";
    static final String PASSWORD = "s3cret-password-do-not-print";

    private final SshServer server;
    private final java.security.KeyPair hostKey;
    final List<PublicKey> authorizedKeys = new CopyOnWriteArrayList<>();

    private SshTestServer(SshServer server, java.security.KeyPair hostKey) {
        this.server = server;
        this.hostKey = hostKey;
    }

    static java.security.KeyPair newHostKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    static SshTestServer start(Path root) throws Exception {
        return start(root, newHostKey(), 0);
    }

    static SshTestServer start(Path root, java.security.KeyPair hostKey, int port) throws Exception {
        SshServer sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(port);
        sshd.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        SshTestServer result = new SshTestServer(sshd, hostKey);
        sshd.setPasswordAuthenticator((user, password, session) -> USER.equals(user) && PASSWORD.equals(password));
        sshd.setPublickeyAuthenticator((user, key, session) -> USER.equals(user)
                && result.authorizedKeys.stream().anyMatch(k -> KeyUtils.compareKeys(k, key)));
        sshd.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        sshd.setFileSystemFactory(new VirtualFileSystemFactory(root));
        sshd.start();
        return result;
    }

    int port() {
        return server.getPort();
    }

    java.security.KeyPair hostKey() {
        return hostKey;
    }

    /** @return a known_hosts line for this server's host key */
    String knownHostsLine() {
        return "[127.0.0.1]:" + port() + " " + PublicKeyEntry.toString(hostKey.getPublic());
    }

    /** @return the host key's SHA256 fingerprint as ssh-keygen prints it */
    String fingerprint() {
        return KeyUtils.getFingerPrint(org.apache.sshd.common.digest.BuiltinDigests.sha256, hostKey.getPublic());
    }

    /**
     * Generates a client key with JSch, authorizes its public key, and returns the private key text.
     *
     * @param type JSch key type (KeyPair.RSA, ECDSA, ED25519)
     * @param bits key size
     * @param passphrase null for none
     */
    String authorizeNewKey(int type, int bits, String passphrase) throws Exception {
        KeyPair kp = KeyPair.genKeyPair(new JSch(), type, bits);
        ByteArrayOutputStream priv = new ByteArrayOutputStream();
        if (passphrase == null) {
            kp.writePrivateKey(priv);
        } else {
            kp.writePrivateKey(priv, passphrase.getBytes(StandardCharsets.UTF_8));
        }
        ByteArrayOutputStream pub = new ByteArrayOutputStream();
        kp.writePublicKey(pub, "test");
        PublicKey key = AuthorizedKeyEntry.parseAuthorizedKeyEntry(pub.toString(StandardCharsets.UTF_8).trim())
                .resolvePublicKey(null, null, null);
        authorizedKeys.add(key);
        return priv.toString(StandardCharsets.UTF_8);
    }

    void stop() throws Exception {
        server.stop(true);
    }

    @Override
    public void close() throws Exception {
        stop();
    }
}
