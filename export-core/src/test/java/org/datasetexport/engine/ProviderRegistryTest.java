package org.datasetexport.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.datasetexport.ConfigurationException;
import org.datasetexport.dest.file.FileDestination;
import org.datasetexport.spi.UriRedaction;
import org.datasetexport.dest.file.FileDestinationProvider;
import org.datasetexport.spi.Destination;
import org.datasetexport.spi.DestinationProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProviderRegistryTest {
    @TempDir
    Path dir;

    /** A second provider claiming {@code file}, to provoke ambiguity. */
    public static final class SecondFileProvider implements DestinationProvider {
        @Override
        public Set<String> schemes() {
            return Set.of("FILE");
        }

        @Override
        public Destination create(URI uri, Map<String, String> options) {
            throw new AssertionError("never chosen");
        }
    }

    @Test
    void instance_findsTheCoreProviders() {
        assertThat(ProviderRegistry.instance().schemes()).containsExactly("counting", "file", "memory");
        assertThat(ProviderRegistry.instance().destination("file:///tmp/x", Map.of())).isInstanceOf(FileDestination.class);
    }

    @Test
    void destination_twoProvidersForOneScheme_failsNamingBothAndTheWayOut() throws Exception {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(DestinationProvider.class.getName()),
                "com.example.DoesNotExist\n" + SecondFileProvider.class.getName() + "\n");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            ProviderRegistry registry = new ProviderRegistry(loader);

            // the broken entry is skipped without hiding the others
            assertThat(registry.schemes()).contains("file", "memory");
            assertThatThrownBy(() -> registry.destination("file:///tmp/x", Map.of()))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining(FileDestinationProvider.class.getName())
                    .hasMessageContaining(SecondFileProvider.class.getName())
                    .hasMessageContaining(".to(Destination)");
        }
    }

    @Test
    void destination_uriWithoutScheme_listsTheKnownSchemes() {
        assertThatThrownBy(() -> ProviderRegistry.instance().destination("just/a/path", Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("destination URI \"just/a/path\" has no scheme; known schemes: [counting, file, memory]");
    }

    @Test
    void redact_removesPasswordsAndQueries() {
        assertThat(UriRedaction.redact("sftp://bob:hunter2@host:22/p?sig=abc")).isEqualTo("sftp://bob:…@host:22/p?…");
    }
}
