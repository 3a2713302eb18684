package org.datasetexport.spi;

import org.datasetexport.Encryption;

/**
 * The {@link java.util.ServiceLoader} entry point of an encryption module (one line in
 * {@code META-INF/services/org.datasetexport.spi.EncryptionProvider}), so core can offer
 * {@code Encryption.openPgp(key)} without depending on the crypto library.
 */
public interface EncryptionProvider {

    /** @return the scheme name, such as {@code openpgp} */
    String name();

    /**
     * Parses and checks a recipient key now, before any data is read.
     *
     * @param key the recipient's public key (armored or binary)
     * @return the configured encryption
     * @throws org.datasetexport.ConfigurationException when the key cannot encrypt
     */
    Encryption create(byte[] key);
}
