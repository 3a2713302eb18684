package org.datasetexport;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.datasetexport.spi.Destination;
import org.datasetexport.spi.StagedOutput;

/** A test destination that forwards everything to another; tests override the one call they change. */
public abstract class ForwardingDestination implements Destination {
    private final Destination delegate;

    public ForwardingDestination(Destination delegate) {
        this.delegate = delegate;
    }

    @Override
    public String id() {
        return delegate.id();
    }

    @Override
    public StagedOutput create(String path) throws IOException {
        return delegate.create(path);
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        return delegate.list(prefix);
    }

    @Override
    public InputStream open(String path) throws IOException {
        return delegate.open(path);
    }

    @Override
    public void delete(String path) throws IOException {
        delegate.delete(path);
    }

    @Override
    public void check() {
        delegate.check();
    }
}
