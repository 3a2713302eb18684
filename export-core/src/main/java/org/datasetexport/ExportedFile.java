package org.datasetexport;

/**
 * One committed data file of a run.
 *
 * @param path the path relative to the destination root
 * @param sizeBytes the stored size (after compression and encryption)
 * @param records the rows it holds
 * @param sha256 the lower-case hex SHA-256 of the stored bytes
 */
public record ExportedFile(String path, long sizeBytes, long records, String sha256) {

    /** @return the file name, the last segment of {@link #path()} */
    public String name() {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
