package org.datasetexport;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicInteger;
import org.datasetexport.spi.Destination;
import org.datasetexport.spi.StagedOutput;

/** Wraps a real destination and fails its Nth commit, to test rollback on real storage. */
public final class FailingNthCommit extends ForwardingDestination {
    private final int failAt;
    private final AtomicInteger commits = new AtomicInteger();

    public FailingNthCommit(Destination delegate, int failAt) {
        super(delegate);
        this.failAt = failAt;
    }

    @Override
    public StagedOutput create(String path) throws IOException {
        StagedOutput out = super.create(path);
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
}
