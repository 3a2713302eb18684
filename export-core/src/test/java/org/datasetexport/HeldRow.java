package org.datasetexport;

import java.util.Iterator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.datasetexport.data.Row;

/**
 * A source of one row that holds a run mid-read: the reader blocks before the row until the test
 * calls {@link #release()} (at most 30 s), so a test can act while a run is in progress.
 */
public final class HeldRow implements Iterable<Row> {
    private final Row row;
    private final CountDownLatch reading = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    public HeldRow(Row row) {
        this.row = row;
    }

    /** @return true once a run is reading (and held) */
    public boolean awaitReading() throws InterruptedException {
        return reading.await(10, TimeUnit.SECONDS);
    }

    /** Lets the held run read its row and finish. */
    public void release() {
        release.countDown();
    }

    @Override
    public Iterator<Row> iterator() {
        return new Iterator<>() {
            private boolean done;

            @Override
            public boolean hasNext() {
                if (!done) {
                    reading.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return !done;
            }

            @Override
            public Row next() {
                done = true;
                return row;
            }
        };
    }
}
