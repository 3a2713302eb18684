package org.datasetexport.flows.service;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import org.datasetexport.ConfigurationException;
import org.datasetexport.DestinationSpec;
import org.datasetexport.spi.Destination;
import org.datasetexport.spi.StoragePaths;

/**
 * Named destinations ("connections"). Flow definitions refer to their destination by connection
 * name, so no secret is ever persisted with a flow: the app registers its configured destinations
 * at start-up. Thread-safe.
 */
public final class Connections {
    private final Map<String, Destination> destinations = new ConcurrentSkipListMap<>();
    private final Map<String, DestinationSpec> specs = new ConcurrentSkipListMap<>();

    /**
     * Registers a destination under its {@link Destination#id()}.
     *
     * @param destination the destination
     * @return this registry
     */
    public Connections register(Destination destination) {
        ConfigurationException.requireNonNull(destination, "destination");
        return register(destination.id(), destination);
    }

    /**
     * Registers a destination under a name, replacing one registered before under that name.
     *
     * @param name letters, digits, {@code . _ = -}
     * @param destination the destination
     * @return this registry
     */
    public Connections register(String name, Destination destination) {
        StoragePaths.requireValidSegment(name, "connection name");
        destinations.put(name, ConfigurationException.requireNonNull(destination, "destination"));
        specs.remove(name);
        return this;
    }

    /**
     * Registers a destination under a name together with the URI and options it was built from, so
     * an engine whose workers run elsewhere (Spark executors) can build it there.
     *
     * @param name the connection name flow definitions use
     * @param destination the destination, built from {@code spec}
     * @param spec its URI and options; null for a destination built in code
     * @return this registry
     * @throws ConfigurationException when the name is not a valid path segment or the destination is null
     */
    public Connections register(String name, Destination destination, DestinationSpec spec) {
        register(name, destination);
        if (spec != null) {
            specs.put(name, spec);
        } else {
            specs.remove(name);
        }
        return this;
    }

    /**
     * @param name a connection name
     * @return the URI and options it was registered with, when it was registered with them
     */
    public Optional<DestinationSpec> spec(String name) {
        return Optional.ofNullable(specs.get(name));
    }

    /**
     * @param name a connection name
     * @return the destination, if registered
     */
    public Optional<Destination> destination(String name) {
        return Optional.ofNullable(destinations.get(name));
    }

    /** @return the connection names, sorted */
    public List<String> names() {
        return List.copyOf(destinations.keySet());
    }
}
