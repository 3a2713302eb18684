package org.datasetexport.files;

import org.datasetexport.ConfigurationException;

/**
 * A part of one file that can be read on its own, in units the format defines (Parquet: row
 * groups {@code from} inclusive to {@code to} exclusive). {@link #WHOLE} is the whole file.
 *
 * @param from the first unit
 * @param to the unit after the last
 */
public record FilePart(long from, long to) {
    /** The whole file. */
    public static final FilePart WHOLE = new FilePart(0, Long.MAX_VALUE);

    /** Validates the range. */
    public FilePart {
        ConfigurationException.check(from >= 0 && to > from, "a file part needs 0 <= from < to, got [%d, %d)", from, to);
    }

    /** @return whether this is the whole file */
    public boolean whole() {
        return equals(WHOLE);
    }
}
