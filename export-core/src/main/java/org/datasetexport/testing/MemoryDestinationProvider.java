package org.datasetexport.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.datasetexport.ConfigurationException;
import org.datasetexport.spi.Destination;
import org.datasetexport.spi.DestinationProvider;
import org.datasetexport.spi.StagedOutput;
import org.datasetexport.spi.UriRedaction;

/**
 * Provider of {@code memory://name} (or {@code memory:name}) URIs: resolves the
 * {@link MemoryDestination} registered under that name with {@link MemoryDestination#named}. It
 * never creates one, so a typo fails instead of writing somewhere no test looks. A run closes
 * what it resolved from a URI; here that leaves your instance registered and untouched.
 */
public final class MemoryDestinationProvider implements DestinationProvider {

    /** Needed by {@link java.util.ServiceLoader}. */
    public MemoryDestinationProvider() {
    }

    @Override
    public Set<String> schemes() {
        return Set.of("memory");
    }

    @Override
    public Destination create(URI uri, Map<String, String> options) {
        ConfigurationException.check(options.isEmpty(), "a memory: destination takes no options, got %s", options.keySet());
        String name = uri.isOpaque() ? uri.getSchemeSpecificPart() : uri.getAuthority();
        ConfigurationException.check(name != null && !name.isEmpty(), "memory: URI \"%s\" names no destination; use memory://name", UriRedaction.redact(uri));
        MemoryDestination dest = MemoryDestination.lookup(name);
        return new Unclosable(dest);
    }

    /** The URI path must not unregister the user's destination when the run closes what it resolved. */
    private record Unclosable(MemoryDestination dest) implements Destination {
        @Override
        public String id() {
            return dest.id();
        }

        @Override
        public String type() {
            return dest.type();
        }

        @Override
        public StagedOutput create(String path) throws IOException {
            return dest.create(path);
        }

        @Override
        public List<String> list(String prefix) throws IOException {
            return dest.list(prefix);
        }

        @Override
        public InputStream open(String path) throws IOException {
            return dest.open(path);
        }

        @Override
        public void delete(String path) throws IOException {
            dest.delete(path);
        }

        @Override
        public void check() {
            dest.check();
        }

        @Override
        public int cleanup(Duration olderThan) {
            return dest.cleanup(olderThan);
        }

        @Override
        public String toString() {
            return dest.toString();
        }
    }
}
