package org.datasetexport.data;

import java.util.NoSuchElementException;

/**
 * A base for {@link RowReader}s that produce one row at a time: implement {@link #fetch()}
 * (the next row, or {@code null} at the end) and {@link #close()}; the look-ahead of
 * {@code hasNext}/{@code next} and the row numbering are done here. An exception from
 * {@code fetch} propagates from {@code hasNext} or {@code next}.
 */
public abstract class AbstractRowReader implements RowReader {
    private Row pending;
    private boolean done;
    private long rowNumber = -1;

    /**
     * @return the next row, or {@code null} when there is none
     */
    protected abstract Row fetch();

    @Override
    public final boolean hasNext() {
        if (pending == null && !done) {
            pending = fetch();
            done = pending == null;
        }
        return pending != null;
    }

    @Override
    public final Row next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Row row = pending;
        pending = null;
        rowNumber++;
        return row;
    }

    /** @return the 0-based number of the row last returned by {@link #next()}, -1 before the first */
    @Override
    public long rowNumber() {
        return rowNumber;
    }
}
