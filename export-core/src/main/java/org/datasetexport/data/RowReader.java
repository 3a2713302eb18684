package org.datasetexport.data;

import java.util.Iterator;

/**
 * Reads the rows of one {@link Split}, in order, one at a time: the engine never asks for more
 * than the next row, so a reader streams. Used by one thread; closed by the engine whether or not
 * it was read to the end.
 */
public interface RowReader extends Iterator<Row>, AutoCloseable {

    /**
     * @return the 0-based row number of the row last returned by {@link #next()}, in the dataset's
     *         own numbering (used in {@link org.datasetexport.RecordException} messages)
     */
    long rowNumber();

    /** Releases what the reader holds (cursors, connections, files). Idempotent. */
    @Override
    void close();
}
