package org.datasetexport.encryption.pgp;

import org.datasetexport.Encryption;
import org.datasetexport.spi.EncryptionProvider;

/** Makes {@code Encryption.openPgp(publicKey)} work once this module is on the classpath. */
public final class PgpEncryptionProvider implements EncryptionProvider {

    /** Needed by {@link java.util.ServiceLoader}. */
    public PgpEncryptionProvider() {
    }

    @Override
    public String name() {
        return "openpgp";
    }

    @Override
    public Encryption create(byte[] key) {
        return PgpEncryption.forPublicKey(key);
    }
}
