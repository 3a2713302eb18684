package org.datasetexport;

import java.util.concurrent.atomic.AtomicInteger;
import org.datasetexport.data.Dataset;
import org.datasetexport.data.ForwardingDataset;
import org.datasetexport.data.RowReader;
import org.datasetexport.data.Split;

/** Counts the splits anyone opens for reading: what runs before reading (checks, dry runs) must leave it at zero. */
public final class CountingDataset extends ForwardingDataset {
    public final AtomicInteger reads = new AtomicInteger();

    public CountingDataset(Dataset delegate) {
        super(delegate);
    }

    @Override
    public RowReader read(Split split) {
        reads.incrementAndGet();
        return super.read(split);
    }
}
