package org.datasetexport.files;

import java.time.Instant;
import java.util.Optional;
import org.datasetexport.ConfigurationException;

/**
 * One file of a {@link FileSource}.
 *
 * @param path the path relative to the source's root, {@code /}-separated
 * @param size the size in bytes, or -1 when the source does not report it
 * @param modified the last modification time, when the source reports it (a local folder does)
 */
public record SourceFile(String path, long size, Optional<Instant> modified) {

    /** Validates the arguments. */
    public SourceFile {
        ConfigurationException.requireNonNull(path, "path");
        ConfigurationException.requireNonNull(modified, "modified");
    }

    /** @return the last path segment */
    public String name() {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
