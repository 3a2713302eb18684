package org.datasetexport.spring;

import java.util.List;
import org.datasetexport.data.Dataset;
import org.datasetexport.data.RowReader;
import org.datasetexport.data.ScanRequest;
import org.datasetexport.data.Schema;
import org.datasetexport.data.Split;

/** A dataset whose every read fails, as a database that went away would: runs over it fail. */
final class FailingDataset implements Dataset {
    private final Dataset delegate;

    FailingDataset(Dataset delegate) {
        this.delegate = delegate;
    }

    @Override
    public String id() {
        return delegate.id();
    }

    @Override
    public Schema schema() {
        return delegate.schema();
    }

    @Override
    public List<? extends Split> plan(ScanRequest request) {
        return delegate.plan(request);
    }

    @Override
    public RowReader read(Split split) {
        throw new IllegalStateException("the source is unreachable");
    }
}
