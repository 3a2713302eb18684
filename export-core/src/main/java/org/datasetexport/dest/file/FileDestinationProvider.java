package org.datasetexport.dest.file;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.datasetexport.ConfigurationException;
import org.datasetexport.spi.Destination;
import org.datasetexport.spi.DestinationProvider;
import org.datasetexport.spi.OptionSpec;
import org.datasetexport.spi.UriRedaction;

/**
 * Provider of {@code file:} URIs: {@code file:///absolute/path} or {@code file:relative/path}
 * (relative to the working directory). One option key: {@code id}.
 */
public final class FileDestinationProvider implements DestinationProvider {
    private static final List<OptionSpec> OPTIONS = List.of(
            OptionSpec.text("id", "the destination id in manifest names and messages"));
    private static final Set<String> KEYS = OptionSpec.names(OPTIONS);

    /** Needed by {@link java.util.ServiceLoader}. */
    public FileDestinationProvider() {
    }

    @Override
    public Set<String> schemes() {
        return Set.of("file");
    }

    @Override
    public List<OptionSpec> options() {
        return OPTIONS;
    }

    @Override
    public Destination create(URI uri, Map<String, String> options) {
        for (String key : options.keySet()) {
            ConfigurationException.check(KEYS.contains(key),
                    "unknown option \"%s\" for a file: destination; valid keys: %s", key, KEYS);
        }
        ConfigurationException.check(uri.getAuthority() == null || uri.getAuthority().isEmpty()
                        || uri.getAuthority().equals("localhost"),
                "file: URI \"%s\" names a host; use file:///absolute/path or file:relative/path", UriRedaction.redact(uri));
        String path = uri.isOpaque() ? uri.getSchemeSpecificPart() : uri.getPath();
        ConfigurationException.check(path != null && !path.isEmpty(), "file: URI \"%s\" has no path", UriRedaction.redact(uri));
        ConfigurationException.check(path.chars().noneMatch(Character::isISOControl),
                "file: URI path contains a control character");
        FileDestination.Builder builder = FileDestination.builder(Path.of(path));
        if (options.containsKey("id")) {
            builder.id(options.get("id"));
        }
        return builder.build();
    }
}
