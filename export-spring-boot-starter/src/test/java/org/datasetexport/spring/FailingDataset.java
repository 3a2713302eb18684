package org.datasetexport.spring;

import org.datasetexport.data.Dataset;
import org.datasetexport.data.ForwardingDataset;
import org.datasetexport.data.RowReader;
import org.datasetexport.data.Split;

/** A dataset whose every read fails, as a database that went away would: runs over it fail. */
final class FailingDataset extends ForwardingDataset {
    FailingDataset(Dataset delegate) {
        super(delegate);
    }

    @Override
    public RowReader read(Split split) {
        throw new IllegalStateException("the source is unreachable");
    }
}
