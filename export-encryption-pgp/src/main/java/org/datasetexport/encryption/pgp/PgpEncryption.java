package org.datasetexport.encryption.pgp;

import java.io.ByteArrayInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Date;
import java.util.Iterator;
import java.util.Locale;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openpgp.PGPEncryptedDataGenerator;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPLiteralDataGenerator;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPSecretKeyRingCollection;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.jcajce.JcaKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.jcajce.JcePGPDataEncryptorBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePublicKeyKeyEncryptionMethodGenerator;
import org.datasetexport.ConfigurationException;
import org.datasetexport.Encryption;

/**
 * OpenPGP encryption of exported files to one recipient public key (RSA or ECC), with
 * BouncyCastle: AES-256, integrity-protected (MDC), a binary literal data packet carrying the file
 * name, streamed in 64 KiB partial packets so memory stays bounded for any file size. No PGP
 * compression: the format compressed already. Files get the suffix {@code .gpg}.
 *
 * <p>The key is checked when the encryption is created, before any data is read: it must be a
 * public key (not a private one), not revoked, not expired, and able to encrypt. Obtain through
 * {@code Encryption.openPgp(publicKey)} or {@link #forPublicKey(byte[])}. Immutable, thread-safe.
 */
public final class PgpEncryption implements Encryption {
    private static final int BUFFER = 1 << 16;
    private static final BouncyCastleProvider PROVIDER = new BouncyCastleProvider();

    private final PGPPublicKey key;
    private final String keyId;

    private PgpEncryption(PGPPublicKey key) {
        this.key = key;
        this.keyId = String.format(Locale.ROOT, "%016X", key.getKeyID());
    }

    /**
     * @param publicKey an armored or binary OpenPGP public key (ring)
     * @return encryption to the first usable encryption key of the ring
     * @throws ConfigurationException when the key is not a public key, revoked, expired, or cannot encrypt
     */
    public static PgpEncryption forPublicKey(byte[] publicKey) {
        ConfigurationException.requireNonNull(publicKey, "publicKey");
        String text = new String(publicKey, StandardCharsets.US_ASCII);
        if (text.contains("PRIVATE KEY BLOCK") || isSecretKeyRing(publicKey)) {
            throw new ConfigurationException("a private OpenPGP key was given; pass the recipient's PUBLIC key "
                    + "(gpg --armor --export <id>), never a private one");
        }
        PGPPublicKeyRingCollection rings;
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(publicKey))) {
            rings = new PGPPublicKeyRingCollection(in, new JcaKeyFingerprintCalculator());
        } catch (IOException | PGPException | RuntimeException e) {
            throw new ConfigurationException("not an OpenPGP public key: " + e.getMessage(), e);
        }
        if (rings.size() == 0) {
            throw new ConfigurationException("not an OpenPGP public key: no public key packet found");
        }
        String problem = "the key ring holds no key";
        for (Iterator<PGPPublicKeyRing> it = rings.getKeyRings(); it.hasNext(); ) {
            for (Iterator<PGPPublicKey> keys = it.next().getPublicKeys(); keys.hasNext(); ) {
                PGPPublicKey k = keys.next();
                String id = String.format(Locale.ROOT, "%016X", k.getKeyID());
                if (!k.isEncryptionKey()) {
                    problem = "key " + id + " cannot encrypt (a signing-only key)";
                } else if (k.hasRevocation()) {
                    problem = "key " + id + " is revoked";
                } else if (k.getValidSeconds() > 0
                        && k.getCreationTime().toInstant().plusSeconds(k.getValidSeconds()).isBefore(Instant.now())) {
                    problem = "key " + id + " expired on " + k.getCreationTime().toInstant().plusSeconds(k.getValidSeconds());
                } else {
                    return new PgpEncryption(k);
                }
            }
        }
        throw new ConfigurationException("the OpenPGP public key cannot be used to encrypt: " + problem);
    }

    private static boolean isSecretKeyRing(byte[] bytes) {
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(bytes))) {
            return new PGPSecretKeyRingCollection(in, new JcaKeyFingerprintCalculator()).size() > 0;
        } catch (IOException | PGPException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public String name() {
        return "openpgp";
    }

    @Override
    public String fileSuffix() {
        return "gpg";
    }

    @Override
    public String keyId() {
        return keyId;
    }

    @Override
    public OutputStream encrypt(OutputStream target, String fileName) throws IOException {
        PGPEncryptedDataGenerator generator = new PGPEncryptedDataGenerator(
                new JcePGPDataEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256)
                        .setWithIntegrityPacket(true).setSecureRandom(new SecureRandom()).setProvider(PROVIDER));
        generator.addMethod(new JcePublicKeyKeyEncryptionMethodGenerator(key).setProvider(PROVIDER));
        OutputStream encrypted;
        try {
            encrypted = generator.open(target, new byte[BUFFER]);
        } catch (PGPException e) {
            throw new IOException("OpenPGP encryption could not start: " + e.getMessage(), e);
        }
        PGPLiteralDataGenerator literal = new PGPLiteralDataGenerator();
        OutputStream plain = literal.open(encrypted, PGPLiteralData.BINARY, fileName, new Date(), new byte[BUFFER]);
        return new FilterOutputStream(plain) {
            private boolean closed;

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                if (closed) {
                    return;
                }
                closed = true;
                // literal packet, then the encrypted packet with its integrity check, then the target
                try {
                    literal.close();
                    generator.close();
                } finally {
                    target.close();
                }
            }
        };
    }

    @Override
    public String toString() {
        return "PgpEncryption[recipient key " + keyId + ", " + algorithm() + "]";
    }

    private String algorithm() {
        return switch (key.getAlgorithm()) {
            case PublicKeyAlgorithmTags.RSA_GENERAL, PublicKeyAlgorithmTags.RSA_ENCRYPT -> "RSA";
            case PublicKeyAlgorithmTags.ECDH -> "ECDH";
            default -> "algorithm " + key.getAlgorithm();
        };
    }
}
