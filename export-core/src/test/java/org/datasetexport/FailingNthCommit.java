package org.datasetexport;

import org.datasetexport.engine.AbandonedRuns;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicInteger;
import org.datasetexport.spi.Destination;
import org.datasetexport.spi.StagedOutput;

/** Wraps a real destination and fails its Nth commit (of files, not of a run's live markers), to test rollback on real storage. */
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
                // a run's live marker is bookkeeping: the Nth commit is the Nth file of the export
                if (!path.startsWith(AbandonedRuns.MARKERS) && commits.incrementAndGet() == failAt) {
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
