package org.datasetexport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.datasetexport.spi.Destination;
import org.datasetexport.spi.StagedOutput;

/** Wraps a real destination and fails its Nth commit, to test rollback on real storage. */
final class FailingNthCommit implements Destination {
    private final Destination delegate;
    private final int failAt;
    private final AtomicInteger commits = new AtomicInteger();

    FailingNthCommit(Destination delegate, int failAt) {
        this.delegate = delegate;
        this.failAt = failAt;
    }

    @Override
    public String id() {
        return delegate.id();
    }

    @Override
    public StagedOutput create(String path) throws IOException {
        StagedOutput out = delegate.create(path);
        return new StagedOutput() {
            @Override
            public String path() {
                return out.path();
            }

            @Override
            public OutputStream stream() {
                return out.stream();
            }

            @Override
            public void commit() throws IOException {
                if (commits.incrementAndGet() == failAt) {
                    throw new IOException("injected commit failure");
                }
                out.commit();
            }

            @Override
            public void close() {
                out.close();
            }
        };
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
