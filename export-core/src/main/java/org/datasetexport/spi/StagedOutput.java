package org.datasetexport.spi;

import java.io.IOException;
import java.io.OutputStream;

/**
 * One file being written to a destination. Bytes written to {@link #stream()} become a file
 * under its final name only on {@link #commit()}; {@link #close()} without a commit aborts and
 * leaves nothing behind (no object, no temp file, no pending upload). Used by one thread.
 *
 * <pre>{@code
 * try (StagedOutput out = destination.create(path)) {
 *     try (RecordWriter writer = format.open(schema, out.stream(), compression)) {
 *         rows.forEach(writer::write);
 *     }
 *     out.commit();
 * }
 * }</pre>
 */
public interface StagedOutput extends AutoCloseable {

    /** @return the destination-relative final path of this file */
    String path();

    /**
     * @return the stream to write the file's bytes to; the same stream on every call. Closing it
     *         never publishes anything.
     */
    OutputStream stream();

    /**
     * Makes the file visible under its final name, complete. Fails, leaving nothing published,
     * when a file already exists there.
     *
     * @throws IOException when publishing fails; the output is then aborted by {@link #close()}
     */
    void commit() throws IOException;

    /** Aborts and cleans up unless committed; a no-op after a commit. Idempotent. */
    @Override
    void close();
}
