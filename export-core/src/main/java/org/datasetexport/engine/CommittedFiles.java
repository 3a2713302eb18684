package org.datasetexport.engine;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.datasetexport.DestinationException;
import org.datasetexport.ExportedFile;
import org.datasetexport.spi.Destination;

/**
 * The run's ledger of what it may have published. A path is recorded <em>before</em> its commit
 * is attempted, so a commit that published but then reported an error is still rolled back.
 * Thread-safe.
 */
final class CommittedFiles {
    private final Destination destination;
    private final Set<String> touched = new LinkedHashSet<>();
    private final List<ExportedFile> committed = new ArrayList<>();

    CommittedFiles(Destination destination) {
        this.destination = destination;
    }

    synchronized void aboutToCommit(String path) {
        touched.add(path);
    }

    synchronized void committed(ExportedFile file) {
        committed.add(file);
    }

    synchronized List<ExportedFile> files() {
        List<ExportedFile> copy = new ArrayList<>(committed);
        copy.sort(Comparator.comparing(ExportedFile::path));
        return copy;
    }

    synchronized int count() {
        return committed.size();
    }

    /**
     * Deletes everything this run may have published. A delete that fails is attached to
     * {@code failure} as suppressed, and the remaining deletes still happen.
     *
     * @return whether every delete succeeded
     */
    synchronized boolean rollback(Throwable failure) {
        boolean complete = true;
        for (String path : touched) {
            try {
                destination.delete(path);
            } catch (IOException | RuntimeException e) {
                complete = false;
                failure.addSuppressed(new DestinationException(destination.id(), path, DestinationException.Operation.DELETE,
                        true, "rollback could not delete a file this run committed: " + Failures.detail(e), e));
            }
        }
        touched.clear();
        committed.clear();
        return complete;
    }
}
