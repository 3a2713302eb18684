package org.datasetexport.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.datasetexport.spi.DestinationProvider;
import org.datasetexport.spi.EncryptionProvider;
import org.datasetexport.spi.FormatProvider;
import org.junit.jupiter.api.Test;

/**
 * The "add the artifact …" hint export-core gives for a missing provider comes from
 * {@code known-providers.properties}; it is exactly the providers the modules register, each with
 * the artifact it lives in, so the hint cannot go stale (it had no {@code csv} entry).
 */
class KnownProvidersTest {
    private static String artifactOf(Class<?> type) throws URISyntaxException {
        Path location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        // target/classes of a reactor module, or <artifact>-<version>.jar from a repository
        return location.endsWith(Path.of("target", "classes")) ? location.getParent().getParent().getFileName().toString()
                : location.getFileName().toString().replaceFirst("-\\d.*\\.jar$", "");
    }

    private static void add(TreeMap<String, String> out, String kind, String name, Object provider) throws URISyntaxException {
        String artifact = artifactOf(provider.getClass());
        if (!artifact.equals("export-core")) {
            out.put(kind + "." + name, artifact + " " + provider.getClass().getName());
        }
    }

    @Test
    void theHintFileListsExactlyTheProvidersTheModulesRegister() throws Exception {
        TreeMap<String, String> registered = new TreeMap<>();
        for (DestinationProvider p : ServiceLoader.load(DestinationProvider.class)) {
            for (String scheme : p.schemes()) {
                add(registered, "destination", scheme, p);
            }
        }
        for (FormatProvider p : ServiceLoader.load(FormatProvider.class)) {
            add(registered, "format", p.name(), p);
        }
        for (EncryptionProvider p : ServiceLoader.load(EncryptionProvider.class)) {
            add(registered, "encryption", p.name(), p);
        }
        Properties file = new Properties();
        try (InputStream in = DestinationProvider.class.getResourceAsStream(
                "/org/datasetexport/engine/known-providers.properties")) {
            file.load(in);
        }
        TreeMap<String, String> listed = new TreeMap<>();
        file.stringPropertyNames().forEach(k -> listed.put(k, file.getProperty(k).trim()));
        assertThat(registered).containsKeys("destination.s3", "format.csv", "encryption.openpgp");
        assertThat(listed).isEqualTo(registered);
    }
}
