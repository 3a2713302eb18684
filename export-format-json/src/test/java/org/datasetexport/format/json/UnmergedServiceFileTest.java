package org.datasetexport.format.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import org.datasetexport.ConfigurationException;
import org.datasetexport.engine.ProviderRegistry;
import org.datasetexport.spi.FormatProvider;
import org.junit.jupiter.api.Test;

/**
 * Issue 24: a fat jar that does not merge service files has the provider class but not its
 * service entry; the error says so and points to service-file merging.
 */
class UnmergedServiceFileTest {
    /** Sees every class, but no service file for formats: what a fat jar built without merging looks like. */
    private static final class WithoutFormatServiceFiles extends ClassLoader {
        WithoutFormatServiceFiles(ClassLoader parent) {
            super(parent);
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            return name.equals("META-INF/services/" + FormatProvider.class.getName())
                    ? Collections.emptyEnumeration() : super.getResources(name);
        }
    }

    @Test
    void providerClassWithoutServiceEntry_isNamed_withTheWayToMergeServiceFiles() {
        ProviderRegistry registry = new ProviderRegistry(new WithoutFormatServiceFiles(getClass().getClassLoader()));
        assertThat(registry.formatNames()).isEmpty();
        assertThatThrownBy(() -> registry.format("json", Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("No format named \"json\"")
                .hasMessageContaining(JsonLinesFormatProvider.class.getName() + " is on the classpath, but its META-INF/services entry is not")
                .hasMessageContaining("ServicesResourceTransformer");
    }

    @Test
    void aMissingArtifact_isStillNamedAsSuch() {
        assertThatThrownBy(() -> ProviderRegistry.instance().format("parquet", Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Add the artifact org.datasetexport:export-format-parquet");
    }
}
