package org.datasetexport.testdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.Map;
import org.datasetexport.ConfigurationException;
import org.datasetexport.Destinations;
import org.datasetexport.spi.Destination;

/** Resolves hostile destination URIs through the registry, as a user's {@code to(uri)} does, and checks what comes back. */
public final class HostileUris {
    private HostileUris() {
    }

    /**
     * @param uri a URI (or URI-looking text) that must not resolve
     * @param options provider options
     * @param secrets values that must not appear anywhere in the failure
     * @return the failure, a {@link ConfigurationException}
     */
    public static ConfigurationException refusedWithoutSecrets(String uri, Map<String, String> options, String... secrets) {
        Throwable t = catchThrowable(() -> {
            try (Destination d = Destinations.of(uri, options)) {
                assertThat(d).as("resolved %s", uri).isNull();
            }
        });
        assertThat(t).as("what %s threw", uri).isInstanceOf(ConfigurationException.class);
        Secrets.assertNotIn(t, secrets);
        return (ConfigurationException) t;
    }
}
