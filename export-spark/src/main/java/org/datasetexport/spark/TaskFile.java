package org.datasetexport.spark;

import java.io.Serializable;
import org.datasetexport.ExportedFile;

/**
 * A file a task attempt committed, as reported to the driver.
 *
 * @param partition the task's partition
 * @param attempt the attempt number
 * @param path destination-relative path
 * @param size stored bytes
 * @param records rows
 * @param sha256 hex SHA-256 of the stored bytes
 */
record TaskFile(int partition, int attempt, String path, long size, long records, String sha256) implements Serializable {
    ExportedFile exported() {
        return new ExportedFile(path, size, records, sha256);
    }
}
