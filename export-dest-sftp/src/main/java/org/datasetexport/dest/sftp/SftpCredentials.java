package org.datasetexport.dest.sftp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.datasetexport.ConfigurationException;

/**
 * How an {@link SftpDestination} logs in: a password, or an SSH private key (RSA, ECDSA or
 * Ed25519; OpenSSH or PEM format; optionally protected by a passphrase) given as text, bytes or a
 * file. Immutable; {@code toString()} never shows a password, key or passphrase.
 */
public final class SftpCredentials {
    private final String password;
    private final byte[] privateKey;
    private final byte[] passphrase;
    private final String keySource;

    private SftpCredentials(String password, byte[] privateKey, byte[] passphrase, String keySource) {
        this.password = password;
        this.privateKey = privateKey;
        this.passphrase = passphrase;
        this.keySource = keySource;
    }

    /**
     * @param password the user's password
     * @return password credentials
     */
    public static SftpCredentials password(String password) {
        return new SftpCredentials(ConfigurationException.requireNonNull(password, "password"), null, null, null);
    }

    /**
     * @param privateKey the private key text (OpenSSH {@code -----BEGIN OPENSSH PRIVATE KEY-----} or PEM)
     * @param passphrase its passphrase, or null
     * @return key credentials
     */
    public static SftpCredentials privateKey(String privateKey, String passphrase) {
        ConfigurationException.requireNonNull(privateKey, "privateKey");
        return privateKey(privateKey.getBytes(StandardCharsets.UTF_8), passphrase, "text");
    }

    /**
     * @param privateKey the private key bytes
     * @param passphrase its passphrase, or null
     * @return key credentials
     */
    public static SftpCredentials privateKey(byte[] privateKey, String passphrase) {
        return privateKey(privateKey, passphrase, "bytes");
    }

    /**
     * @param keyFile a private key file
     * @param passphrase its passphrase, or null
     * @return key credentials
     * @throws ConfigurationException when the file cannot be read
     */
    public static SftpCredentials privateKeyFile(Path keyFile, String passphrase) {
        ConfigurationException.requireNonNull(keyFile, "privateKeyFile");
        try {
            return privateKey(Files.readAllBytes(keyFile), passphrase, "file " + keyFile.getFileName());
        } catch (IOException e) {
            throw new ConfigurationException("cannot read the private key file " + keyFile + ": " + e.getMessage(), e);
        }
    }

    private static SftpCredentials privateKey(byte[] key, String passphrase, String source) {
        ConfigurationException.requireNonNull(key, "privateKey");
        ConfigurationException.check(key.length > 0, "the private key is empty");
        return new SftpCredentials(null, key.clone(),
                passphrase == null ? null : passphrase.getBytes(StandardCharsets.UTF_8), source);
    }

    String password() {
        return password;
    }

    byte[] privateKeyBytes() {
        return privateKey == null ? null : privateKey.clone();
    }

    byte[] passphraseBytes() {
        return passphrase == null ? null : passphrase.clone();
    }

    @Override
    public String toString() {
        return password != null ? "SftpCredentials[password]"
                : "SftpCredentials[private key from " + keySource + (passphrase != null ? ", with passphrase" : "") + "]";
    }
}
