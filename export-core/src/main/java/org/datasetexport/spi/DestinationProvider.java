package org.datasetexport.spi;

import java.net.URI;
import java.util.List;
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

    /**
     * Declares the options {@link #create} accepts, so front ends treat each by what it is rather
     * than by its name: secrets are refused literally on a command line and masked in errors,
     * paths are not mistaken for secrets, a form can be rendered. The default declares nothing;
     * front ends then recognise secrets by their names ({@code password}, {@code secret},
     * {@code token}, {@code key}, {@code sas}, …), which misses some: declare your options.
     *
     * @return the options, in the order a form would show them; empty when undeclared
     */
    default List<OptionSpec> options() {
        return List.of();
    }
}
