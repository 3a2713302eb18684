package org.datasetexport;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.datasetexport.spi.Destination;
import org.datasetexport.spi.UriRedaction;

/**
 * What a destination is built from: its URI and provider options (credentials among them). Kept
 * with a run's plan, and with a connection registered by URI, so an engine whose workers run
 * elsewhere (Spark executors) can build the same destination there; nothing global remembers it.
 * Its {@code toString()} shows the URI without user info and the option keys, never a value.
 */
public final class DestinationSpec {
    private final String uri;
    private final Map<String, String> options;

    private DestinationSpec(String uri, Map<String, String> options) {
        this.uri = uri;
        this.options = options;
    }

    /**
     * @param uri a destination URI
     * @param options its provider's options
     * @return the spec
     * @throws ConfigurationException when either is null
     */
    public static DestinationSpec of(String uri, Map<String, String> options) {
        ConfigurationException.requireNonNull(uri, "uri");
        ConfigurationException.requireNonNull(options, "options");
        return new DestinationSpec(uri, Collections.unmodifiableMap(new TreeMap<>(options)));
    }

    /** @return the URI */
    public String uri() {
        return uri;
    }

    /** @return the options, unmodifiable (they may hold credentials: never log them) */
    public Map<String, String> options() {
        return options;
    }

    /**
     * @return a new destination built from this spec through the providers on the class path; close it when done
     * @throws ConfigurationException as {@link Destinations#of(String, Map)}
     */
    public Destination open() {
        return Destinations.of(uri, options);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DestinationSpec s && uri.equals(s.uri) && options.equals(s.options);
    }

    @Override
    public int hashCode() {
        return Objects.hash(uri, options);
    }

    @Override
    public String toString() {
        return "DestinationSpec[" + UriRedaction.redact(uri) + ", options " + options.keySet() + "]";
    }
}
