package org.datasetexport.spring;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.datasetexport.ConfigurationException;
import org.datasetexport.DestinationSpec;
import org.datasetexport.flows.service.Connections;
import org.datasetexport.spi.Destination;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * The destinations declared under {@code datasetexport.connections}, opened once at start-up and
 * closed at shutdown (after the scheduler, which depends on this bean). A connection that cannot
 * be opened fails start-up with its name and the destination's own message, never an option value.
 */
public final class DatasetExportConnections implements DisposableBean {
    private static final Logger LOG = LoggerFactory.getLogger(DatasetExportConnections.class);

    private final Map<String, Destination> destinations = new LinkedHashMap<>();
    private final Map<String, DestinationSpec> specs = new LinkedHashMap<>();

    /**
     * @param properties the connections by name
     * @throws ConfigurationException naming the connection that cannot be opened
     */
    public DatasetExportConnections(Map<String, DatasetExportProperties.Connection> properties) {
        try {
            properties.forEach((name, connection) -> {
                if (connection.getUri() == null || connection.getUri().isBlank()) {
                    throw new ConfigurationException("datasetexport.connections." + name + ".uri is missing");
                }
                try {
                    DestinationSpec spec = DestinationSpec.of(connection.getUri(), connection.getOptions());
                    destinations.put(name, spec.open());
                    specs.put(name, spec);
                } catch (RuntimeException e) {
                    throw new ConfigurationException("datasetexport.connections." + name + ": " + e.getMessage(), e);
                }
            });
        } catch (RuntimeException e) {
            destroy();
            throw e;
        }
    }

    /** @return the destinations by connection name, in declaration order */
    public Map<String, Destination> destinations() {
        return Collections.unmodifiableMap(destinations);
    }

    /** @param connections the scheduler's registry, to register every destination in under its name */
    void registerIn(Connections connections) {
        destinations.forEach((name, destination) -> connections.register(name, destination, specs.get(name)));
    }

    @Override
    public void destroy() {
        destinations.forEach((name, destination) -> {
            try {
                destination.close();
            } catch (Exception e) {
                // the type and the exception's class only: a message may quote what the destination was given
                LOG.warn("closing connection {} ({}) failed: {}", name, destination.type(), e.getClass().getSimpleName());
            }
        });
        destinations.clear();
    }
}
