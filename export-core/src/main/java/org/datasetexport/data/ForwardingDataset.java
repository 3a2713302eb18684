package org.datasetexport.data;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.datasetexport.ConfigurationException;

/**
 * A dataset that forwards every method to another one; subclass it and override what your view
 * changes (the labels, the schema, the rows). Forwarding every method here, in one place, means a
 * wrapper never silently drops a capability of the dataset it wraps, such as its ingestion time or
 * its own clock, when {@link Dataset} gains a method. Thread-safe when the delegate is.
 */
public abstract class ForwardingDataset implements Dataset {
    private final Dataset delegate;

    /**
     * @param delegate the dataset to forward to
     * @throws ConfigurationException when null
     */
    protected ForwardingDataset(Dataset delegate) {
        this.delegate = ConfigurationException.requireNonNull(delegate, "dataset");
    }

    /** @return the dataset this one forwards to */
    protected Dataset delegate() {
        return delegate;
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
    public Set<String> labels() {
        return delegate.labels();
    }

    @Override
    public boolean hasIngestionTime() {
        return delegate.hasIngestionTime();
    }

    @Override
    public Optional<Instant> currentTime() {
        return delegate.currentTime();
    }

    @Override
    public List<? extends Split> plan(ScanRequest request) {
        return delegate.plan(request);
    }

    @Override
    public RowReader read(Split split) {
        return delegate.read(split);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + delegate + "]";
    }
}
