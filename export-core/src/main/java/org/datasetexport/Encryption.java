package org.datasetexport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.datasetexport.engine.ProviderRegistry;
import org.datasetexport.spi.EncryptionProvider;

/**
 * File encryption, applied after compression: {@code .encryption(Encryption.openPgp(publicKey))}.
 * The OpenPGP implementation lives in the artifact {@code org.datasetexport:export-encryption-pgp}
 * (BouncyCastle), so users who do not encrypt never load a crypto library. Implementations are
 * immutable and thread-safe; {@code toString()} never shows key material.
 */
public interface Encryption {

    /** @return the scheme, such as {@code openpgp}; recorded in the manifest */
    String name();

    /** @return the suffix appended to file names, without the dot ({@code gpg}) */
    String fileSuffix();

    /** @return a public identifier of the recipient key (for the manifest), never key material */
    String keyId();

    /**
     * The name settings record a key under when it is given as an instance
     * ({@code ExportBuilder.encryption(...)}): its scheme and public key id, for example
     * {@code openpgp-6f3c0a1b2c3d4e5f}. A flow's state stores this name, never the key.
     *
     * @param encryption an encryption
     * @return a path-safe name derived from its scheme and key id
     * @throws ConfigurationException when null
     */
    static String defaultKeyName(Encryption encryption) {
        ConfigurationException.requireNonNull(encryption, "encryption");
        return org.datasetexport.spi.StoragePaths.sanitizeSegment(encryption.name() + "-" + encryption.keyId());
    }

    /**
     * @param out the destination stream; closed when the returned stream is closed
     * @param fileName the file's name, which some schemes record inside the message
     * @return a stream that encrypts into {@code out}; closing it writes the trailer (and integrity check)
     * @throws IOException when the header cannot be written
     */
    OutputStream encrypt(OutputStream out, String fileName) throws IOException;

    /**
     * @param armoredPublicKey the recipient's OpenPGP public key ({@code -----BEGIN PGP PUBLIC KEY BLOCK-----}); RSA or ECC
     * @return OpenPGP encryption to that key
     * @throws ConfigurationException when the key is bad, expired, private, cannot encrypt, or the
     *         export-encryption-pgp artifact is missing
     */
    static Encryption openPgp(String armoredPublicKey) {
        ConfigurationException.requireNonNull(armoredPublicKey, "publicKey");
        return openPgp(armoredPublicKey.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * @param publicKey the recipient's OpenPGP public key, armored or binary
     * @return OpenPGP encryption to that key
     * @throws ConfigurationException as for {@link #openPgp(String)}
     */
    static Encryption openPgp(byte[] publicKey) {
        ConfigurationException.requireNonNull(publicKey, "publicKey");
        return provider("openpgp").create(publicKey.clone());
    }

    /**
     * @param publicKey a stream of the recipient's OpenPGP public key, armored or binary; read fully, not closed
     * @return OpenPGP encryption to that key
     * @throws ConfigurationException as for {@link #openPgp(String)}, or when the stream cannot be read
     */
    static Encryption openPgp(InputStream publicKey) {
        ConfigurationException.requireNonNull(publicKey, "publicKey");
        try {
            return openPgp(publicKey.readAllBytes());
        } catch (IOException e) {
            throw new ConfigurationException("cannot read the OpenPGP public key: " + e.getMessage(), e);
        }
    }

    private static EncryptionProvider provider(String name) {
        return ProviderRegistry.instance().encryption(name);
    }
}
