package org.datasetexport.dest.azure;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.datasetexport.ConfigurationException;
import org.datasetexport.spi.UriRedaction;
import org.datasetexport.spi.Destination;
import org.datasetexport.spi.DestinationProvider;
import org.datasetexport.spi.OptionSpec;
import org.datasetexport.spi.OptionValues;

/**
 * {@code dlz://container/prefix} with the option {@code sasUri} (the container SAS URI the
 * platform hands out; its container must match the URI's) and {@code blockSize},
 * {@code blocksInFlight}, {@code maxTries}, {@code id}.
 */
public final class DataLandingZoneDestinationProvider implements DestinationProvider {
    /** The options {@link #create} accepts, declared for front ends (secrets, paths, forms). */
    static final List<OptionSpec> OPTIONS = List.of(
            OptionSpec.of("sasUri", OptionSpec.Kind.SECRET, false, null, "the container SAS URI the platform issued"),
            OptionSpec.of("blockSize", OptionSpec.Kind.SIZE, false, null, "bytes per staged block"),
            OptionSpec.of("blocksInFlight", OptionSpec.Kind.INTEGER, false, null, "blocks uploaded at once per file"),
            OptionSpec.of("maxTries", OptionSpec.Kind.INTEGER, false, null, "tries per request"),
            OptionSpec.of("tryTimeout", OptionSpec.Kind.DURATION, false, null, "timeout of one try"),
            OptionSpec.of("id", OptionSpec.Kind.TEXT, false, null, "the destination id in manifest names and messages"));
    private static final Set<String> KEYS = OptionSpec.names(OPTIONS);

    /** Needed by {@link java.util.ServiceLoader}. */
    public DataLandingZoneDestinationProvider() {
    }

    @Override
    public Set<String> schemes() {
        return Set.of("dlz");
    }

    @Override
    public List<OptionSpec> options() {
        return OPTIONS;
    }

    @Override
    public Destination create(URI uri, Map<String, String> options) {
        OptionValues.requireKnownKeys(options, KEYS, "a dlz: destination");
        ConfigurationException.check(options.containsKey("sasUri"), "a dlz: destination needs the option sasUri (the container SAS URI)");
        String container = uri.getHost();
        ConfigurationException.check(container != null, "dlz: URI must be dlz://container/prefix");
        String sasUri = options.get("sasUri");
        String sasPath;
        try {
            sasPath = String.valueOf(new URI(sasUri).getPath()).replaceAll("/+$", "");
        } catch (URISyntaxException e) {
            throw new ConfigurationException("option \"sasUri\" is not a URL (" + e.getReason() + " at index " + e.getIndex()
                    + "): " + UriRedaction.redact(sasUri));
        }
        ConfigurationException.check(sasPath.endsWith("/" + container),
                "the sasUri is for another container than \"%s\" named in the dlz: URI", container);
        DataLandingZoneDestination.Builder b = DataLandingZoneDestination.builder(sasUri).prefix(uri.getPath() == null ? "" : uri.getPath());
        if (options.containsKey("blockSize")) {
            b.blockSize(OptionValues.size("blockSize", options.get("blockSize")));
        }
        if (options.containsKey("blocksInFlight")) {
            b.blocksInFlight(OptionValues.integer("blocksInFlight", options.get("blocksInFlight")));
        }
        if (options.containsKey("tryTimeout")) {
            b.tryTimeout(OptionValues.duration("tryTimeout", options.get("tryTimeout")));
        }
        if (options.containsKey("maxTries")) {
            b.maxTries(OptionValues.integer("maxTries", options.get("maxTries")));
        }
        if (options.containsKey("id")) {
            b.id(options.get("id"));
        }
        return b.build();
    }
}
