package org.datasetexport.flows.service;

import org.datasetexport.ExportBuilder;
import org.datasetexport.ExportSettings;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import org.datasetexport.ConfigurationException;
import org.datasetexport.Encryption;
import org.datasetexport.spi.StoragePaths;

/**
 * Named encryption keys, registered like connections: a flow's settings name the key its files
 * are encrypted with ({@code ExportSettings.encryption()}), and the app registers the key under
 * that name at start-up, so encrypted flows re-attach after a restart and can be created through
 * {@link ExportService}. Only public keys are registered (they are not secrets), but nothing of
 * them is persisted: the state store holds the name alone. Thread-safe.
 */
public final class EncryptionKeys {
    private final Map<String, Encryption> keys = new ConcurrentSkipListMap<>();

    /**
     * The name {@code ExportBuilder.encryption(...)} registers a key under: its scheme and public key id,
     * for example {@code openpgp-6f3c0a1b2c3d4e5f}.
     *
     * @param encryption an encryption
     * @return a path-safe name derived from its scheme and key id
     * @throws ConfigurationException when null
     */
    public static String defaultName(Encryption encryption) {
        return Encryption.defaultKeyName(encryption);
    }

    /**
     * Registers a key under {@link #defaultName(Encryption)}.
     *
     * @param encryption the encryption
     * @return this registry
     * @throws ConfigurationException when null
     */
    public EncryptionKeys register(Encryption encryption) {
        return register(defaultName(encryption), encryption);
    }

    /**
     * Registers a key under a name, replacing one registered before under that name.
     *
     * @param name letters, digits, {@code . _ = -}
     * @param encryption the encryption
     * @return this registry
     * @throws ConfigurationException when null or the name is not path-safe
     */
    public EncryptionKeys register(String name, Encryption encryption) {
        StoragePaths.requireValidSegment(name, "encryption key name");
        keys.put(name, ConfigurationException.requireNonNull(encryption, "encryption"));
        return this;
    }

    /**
     * @param name a key name
     * @return the encryption registered under it, if any
     */
    public Optional<Encryption> key(String name) {
        return Optional.ofNullable(keys.get(name));
    }

    /** @return the registered names, sorted */
    public List<String> names() {
        return List.copyOf(keys.keySet());
    }
}
