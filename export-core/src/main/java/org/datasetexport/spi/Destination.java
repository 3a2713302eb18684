package org.datasetexport.spi;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Where exported files go. Paths are relative to the destination root, {@code /}-separated and
 * validated with {@link StoragePaths#requireValid}.
 *
 * <p>Implementations must be thread-safe: the engine's workers call them concurrently.
 * {@code toString()} and exception messages never contain a secret.
 */
public interface Destination extends AutoCloseable {

    /**
     * @return a stable, path-safe name of this destination (used in manifest names and messages);
     *         settable on each destination's builder, by default derived from its URI without secrets
     */
    String id();

    /**
     * The kind of destination, never its address: a bounded set of names fit for metric tags and
     * logs ({@code s3}, {@code gcs}, {@code file}, {@code memory}, …). The default is the class's
     * simple name without a {@code Destination} suffix, lower-cased ({@code S3Destination} →
     * {@code s3}; {@code custom} for an anonymous class); wrappers return what they wrap.
     *
     * @return the kind of destination
     */
    default String type() {
        String name = getClass().getSimpleName();
        if (name.isEmpty()) {
            return "custom";
        }
        if (name.endsWith("Destination") && name.length() > "Destination".length()) {
            name = name.substring(0, name.length() - "Destination".length());
        }
        return name.toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Starts a new file, invisible until {@link StagedOutput#commit()}.
     *
     * @param path the final path
     * @return the staged output
     * @throws IOException when the file cannot be started (for example it already exists)
     */
    StagedOutput create(String path) throws IOException;

    /**
     * Starts a new data file of a run; destinations that keep object metadata may record
     * {@code info}. The default ignores it and calls {@link #create(String)}.
     *
     * @param path the final path
     * @param info the run and dataset the file belongs to
     * @return the staged output
     * @throws IOException when the file cannot be started
     */
    default StagedOutput create(String path, OutputInfo info) throws IOException {
        return create(path);
    }

    /**
     * Lists committed files whose path starts with {@code prefix} (a plain string prefix, as in
     * object stores: {@code a/b} matches {@code a/b/c} and {@code a/bc}), sorted.
     *
     * @param prefix a path prefix; empty for everything
     * @return matching paths, sorted in ascending order; never files still being written
     * @throws IOException when listing fails
     */
    List<String> list(String prefix) throws IOException;

    /**
     * @param path a committed file
     * @return its bytes
     * @throws java.nio.file.NoSuchFileException when there is no committed file at {@code path}
     * @throws IOException when reading fails
     */
    InputStream open(String path) throws IOException;

    /**
     * Deletes a committed file; deleting a missing file does nothing.
     *
     * @param path the file
     * @throws IOException when deleting fails
     */
    void delete(String path) throws IOException;

    /**
     * A preflight: proves the settings and credentials work and the permissions an export needs
     * (write, list, delete, abort) are granted under the root.
     *
     * @throws org.datasetexport.DestinationException naming what failed
     */
    void check();

    /**
     * @return how long the store keeps a file before removing it by itself (the Data Landing Zone:
     *         7 days), empty when files stay until deleted; {@code ExportVerifier} reports an older
     *         export whose files are gone as expired rather than as missing files
     */
    default Optional<Duration> fileLifetime() {
        return Optional.empty();
    }

    /**
     * Removes leftovers of crashed runs older than {@code olderThan} (temp files, pending uploads).
     * The default throws {@link UnsupportedOperationException} naming the class.
     *
     * @param olderThan how old a leftover must be
     * @return how many leftovers were removed
     * @throws IOException when cleaning fails
     */
    default int cleanup(Duration olderThan) throws IOException {
        throw new UnsupportedOperationException(getClass().getName() + " does not implement cleanup");
    }

    /** Releases clients and connections. Idempotent; the default does nothing. */
    @Override
    default void close() {
    }
}
