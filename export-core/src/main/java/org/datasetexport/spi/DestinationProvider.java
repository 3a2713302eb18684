package org.datasetexport.spi;

import java.net.URI;
import java.util.Map;
import java.util.Set;

/**
 * The {@link java.util.ServiceLoader} entry point of a destination module: one line naming the
 * implementation in {@code META-INF/services/org.datasetexport.spi.DestinationProvider}. Needs a
 * public no-argument constructor, does no I/O and holds no mutable state.
 */
public interface DestinationProvider {

    /** @return the URI schemes handled, lower-case and constant ({@code s3}) */
    Set<String> schemes();

    /**
     * Maps a URI and options onto the module's typed builder. Validates and fails fast; does no I/O.
     *
     * @param uri the destination URI, without secrets
     * @param options settings and secrets; unknown keys are a
     *        {@link org.datasetexport.ConfigurationException} listing the valid ones
     * @return the destination
     */
    Destination create(URI uri, Map<String, String> options);
}
