package org.datasetexport.encryption.pgp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Date;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openpgp.PGPEncryptedDataList;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKeyEncryptedData;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;
import org.bouncycastle.openpgp.operator.PGPDigestCalculator;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPDigestCalculatorProviderBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPKeyPair;
import org.bouncycastle.openpgp.operator.jcajce.JcePBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePBESecretKeyEncryptorBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePublicKeyDataDecryptorFactoryBuilder;

/** Test keys made with BouncyCastle, and the decryption side of the round trip (also used by export-cli's tests, through this module's test jar). */
public final class PgpKeys {
    static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final char[] PASSPHRASE = "test-passphrase".toCharArray();

    /** The public key ring, armored. */
    public final String armoredPublic;
    final String armoredSecret;
    final PGPSecretKeyRing secret;

    private PgpKeys(PGPKeyRingGenerator generator) throws Exception {
        this.secret = generator.generateSecretKeyRing();
        this.armoredPublic = armor(out -> generator.generatePublicKeyRing().encode(out));
        this.armoredSecret = armor(secret::encode);
    }

    private interface Encoder {
        void encode(OutputStream out) throws IOException;
    }

    private static String armor(Encoder encoder) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ArmoredOutputStream armored = new ArmoredOutputStream(bytes)) {
            encoder.encode(armored);
        }
        return bytes.toString(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static PGPDigestCalculator sha1() throws Exception {
        return new JcaPGPDigestCalculatorProviderBuilder().build().get(HashAlgorithmTags.SHA1);
    }

    private static PGPKeyRingGenerator generator(PGPKeyPair master, PGPSignatureSubpacketGenerator hashed) throws Exception {
        return new PGPKeyRingGenerator(PGPSignature.POSITIVE_CERTIFICATION, master, "export recipient <exports@example.com>",
                sha1(), hashed == null ? null : hashed.generate(), null,
                new JcaPGPContentSignerBuilder(master.getPublicKey().getAlgorithm(), HashAlgorithmTags.SHA256).setProvider(BC),
                new JcePBESecretKeyEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256, sha1()).setProvider(BC).build(PASSPHRASE));
    }

    /** @return a fresh RSA 2048 key */
    public static PgpKeys rsa() throws Exception {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("RSA", BC);
        kpg.initialize(2048);
        return new PgpKeys(generator(new JcaPGPKeyPair(PublicKeyAlgorithmTags.RSA_GENERAL, kpg.generateKeyPair(), new Date()), null));
    }

    /** An ECDSA P-256 primary key with an ECDH P-256 encryption subkey. */
    static PgpKeys ecc() throws Exception {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC", BC);
        kpg.initialize(new ECGenParameterSpec("P-256"));
        Date now = new Date();
        PGPKeyRingGenerator g = generator(new JcaPGPKeyPair(PublicKeyAlgorithmTags.ECDSA, kpg.generateKeyPair(), now), null);
        g.addSubKey(new JcaPGPKeyPair(PublicKeyAlgorithmTags.ECDH, kpg.generateKeyPair(), now));
        return new PgpKeys(g);
    }

    /** A signing-only key: nothing can be encrypted to it. */
    static PgpKeys signingOnly() throws Exception {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC", BC);
        kpg.initialize(new ECGenParameterSpec("P-256"));
        return new PgpKeys(generator(new JcaPGPKeyPair(PublicKeyAlgorithmTags.ECDSA, kpg.generateKeyPair(), new Date()), null));
    }

    /** An RSA key created two days ago that expired after one day. */
    static PgpKeys expired() throws Exception {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("RSA", BC);
        kpg.initialize(2048);
        PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
        hashed.setKeyExpirationTime(false, 24 * 3600);
        Date twoDaysAgo = new Date(System.currentTimeMillis() - 2 * 24 * 3600 * 1000L);
        return new PgpKeys(generator(new JcaPGPKeyPair(PublicKeyAlgorithmTags.RSA_GENERAL, kpg.generateKeyPair(), twoDaysAgo), hashed));
    }

    /**
     * Decrypts an OpenPGP message with this secret key and checks its integrity packet.
     *
     * @return the literal data
     */
    public InputStream decrypt(InputStream encrypted) throws Exception {
        JcaPGPObjectFactory factory = new JcaPGPObjectFactory(PGPUtil.getDecoderStream(encrypted));
        Object first = factory.nextObject();
        PGPEncryptedDataList list = first instanceof PGPEncryptedDataList l ? l : (PGPEncryptedDataList) factory.nextObject();
        PGPPublicKeyEncryptedData data = (PGPPublicKeyEncryptedData) list.get(0);
        PGPPrivateKey key = secret.getSecretKey(data.getKeyID())
                .extractPrivateKey(new JcePBESecretKeyDecryptorBuilder().setProvider(BC).build(PASSPHRASE));
        InputStream clear = data.getDataStream(new JcePublicKeyDataDecryptorFactoryBuilder().setProvider(BC).build(key));
        PGPLiteralData literal = (PGPLiteralData) new JcaPGPObjectFactory(clear).nextObject();
        InputStream body = literal.getInputStream();
        return new java.io.FilterInputStream(body) {
            @Override
            public void close() throws IOException {
                super.close();
                try {
                    if (!data.isIntegrityProtected() || !data.verify()) {
                        throw new IOException("integrity check failed");
                    }
                } catch (org.bouncycastle.openpgp.PGPException e) {
                    throw new IOException(e);
                }
            }
        };
    }
}
