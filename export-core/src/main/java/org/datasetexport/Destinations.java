package org.datasetexport;

import java.util.Map;
import org.datasetexport.engine.ProviderRegistry;
import org.datasetexport.spi.Destination;

/**
 * Builds destinations from URIs through the {@link org.datasetexport.spi.DestinationProvider}s on
 * the classpath: {@code file:}, {@code memory:} (core), {@code s3://}, {@code wasbs://},
 * {@code dlz://}, {@code abfss://}, {@code gs://}, {@code sftp://} (their modules). Secrets never
 * go in the URI: pass them in the options map.
 */
public final class Destinations {
    private Destinations() {
    }

    /**
     * @param uri a destination URI such as {@code file:///var/exports} or {@code s3://bucket/prefix}
     * @return the destination; close it when done
     * @throws ConfigurationException when the URI is malformed or no provider handles its scheme
     *         (the message lists the known schemes)
     */
    public static Destination of(String uri) {
        return of(uri, Map.of());
    }

    /**
     * @param uri a destination URI
     * @param options the provider's option keys (see the README's option tables)
     * @return the destination; close it when done
     * @throws ConfigurationException when the URI is malformed, no provider handles its scheme, or
     *         an option key is unknown
     */
    public static Destination of(String uri, Map<String, String> options) {
        return ProviderRegistry.instance().destination(uri, options);
    }
}
