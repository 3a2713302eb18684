package org.datasetexport.engine;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.datasetexport.DestinationException;
import org.datasetexport.ExportException;
import org.datasetexport.ExportedFile;
import org.datasetexport.spi.Destination;
import org.datasetexport.spi.StagedOutput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's "I am alive" object in its destination ({@link AbandonedRuns#MARKERS}{@code <runId>.<validUntil>.live}),
 * written before the run's first file and renewed every third of the lease by writing the next one
 * and deleting the previous one, so {@link AbandonedRuns#remove} can tell a live run from a dead
 * one on any store, without a store clock: the name carries the wall-clock instant until which the
 * run counts as live. Removed when the run has published, or rolled back completely; a run killed
 * with {@code kill -9} leaves it behind, and with it the evidence that its files are abandoned.
 */
final class RunMarker {
    private static final Logger LOG = LoggerFactory.getLogger(RunMarker.class);
    /** Only says when a renewal is due; the write itself runs on {@link #WRITERS}. */
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(daemon("datasetexport-run-markers"));
    /** One renewal in flight per run at most: a store that hangs delays its own runs' renewals, nobody else's. */
    private static final ExecutorService WRITERS = Executors.newCachedThreadPool(daemon("datasetexport-run-marker-write"));

    private final Destination destination;
    private final String runId;
    private final String folder;
    private final Duration lease;
    private final AtomicBoolean renewing = new AtomicBoolean();
    private final ScheduledFuture<?> renewal;
    /** The current marker's path and the instant it is valid until; guarded by this. */
    private String current;
    private Instant validUntil;
    private boolean finished;

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    private RunMarker(Destination destination, String runId, String folder, Duration lease) {
        this.destination = destination;
        this.runId = runId;
        this.folder = folder;
        this.lease = lease;
        write();
        long every = Math.max(1, lease.toMillis() / 3);
        this.renewal = TIMER.scheduleWithFixedDelay(this::renewSoon, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Marks a run live before it writes anything.
     *
     * @throws DestinationException naming the destination when the marker cannot be written
     */
    static RunMarker start(Destination destination, String runId, String folder) {
        return new RunMarker(destination, runId, folder, AbandonedRuns.lease());
    }

    /** Writes the next marker, then deletes the previous one; under the lock, so {@link #finish} never races it. */
    private synchronized void write() {
        Instant until = Instant.now().plus(lease);
        String path = AbandonedRuns.markerPath(runId, until);
        try (StagedOutput out = destination.create(path)) {
            try (OutputStream stream = out.stream()) {
                stream.write(AbandonedRuns.markerContent(runId, folder, until));
            }
            out.commit();
        } catch (DestinationException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // whatever the store threw, it is a destination failure of the run, retryable like any
            throw new DestinationException(destination.id(), path, DestinationException.Operation.COMMIT, true,
                    "could not write the run's live marker: " + Failures.detail(e), e);
        }
        String previous = current;
        current = path;
        validUntil = until;
        if (previous != null) {
            deleteQuietly(previous);
        }
    }

    private void renewSoon() {
        if (!renewing.compareAndSet(false, true)) {
            return; // the last renewal is still writing
        }
        try {
            WRITERS.execute(() -> {
                try {
                    renew();
                } finally {
                    renewing.set(false);
                }
            });
        } catch (RuntimeException e) {
            renewing.set(false);
        }
    }

    private synchronized void renew() {
        if (finished) {
            return;
        }
        try {
            write();
        } catch (RuntimeException e) {
            // the run goes on; it checks at its commit point whether its marker lapsed meanwhile
            LOG.warn("Export run {}: could not renew its live marker on destination {} (valid until {}): {}", runId,
                    destination.id(), validUntil, Failures.detail(e));
        }
    }

    /**
     * The commit point's check: the run publishes only if it stayed live the whole time, as far as a
     * cleaner could see, and every file it committed is still there (a cleaner whose clock runs
     * ahead may have taken it for dead).
     *
     * @throws ExportException when the marker lapsed or a file is gone: the run must roll back
     */
    void requireLive(List<ExportedFile> files) {
        Instant until;
        synchronized (this) {
            until = validUntil;
        }
        if (Instant.now().isAfter(until)) {
            throw new ExportException("Export run " + runId + " could not renew its live marker on destination \"" + destination.id()
                    + "\" since it lapsed at " + until + ", so a cleanup may have taken the run for dead; not publishing");
        }
        if (files.isEmpty()) {
            return;
        }
        Set<String> present;
        try {
            present = new HashSet<>(destination.list(folder + "/"));
        } catch (IOException | RuntimeException e) {
            throw Failures.wrap(e, destination.id(), folder + "/", DestinationException.Operation.LIST);
        }
        for (ExportedFile f : files) {
            if (!present.contains(f.path())) {
                throw new ExportException("Export run " + runId + ": its file " + f.path() + " on destination \"" + destination.id()
                        + "\" was removed while the run was writing (a cleanup on a machine whose clock runs ahead?); not publishing");
            }
        }
    }

    /**
     * The run has published. With a manifest, a marker left behind is harmless (a cleanup finds the
     * manifest and removes only the marker). Without one, removing the marker <em>is</em> the
     * commit: a marker left would let a cleanup take the published files for a dead run's, so a
     * marker that cannot be removed fails the run, which then rolls back.
     *
     * @param manifested whether the run wrote a manifest
     * @throws DestinationException when a run without a manifest cannot remove its marker
     */
    void finishPublished(boolean manifested) {
        renewal.cancel(false);
        synchronized (this) {
            finished = true;
            if (current == null) {
                return;
            }
            if (manifested) {
                deleteQuietly(current);
                current = null;
                return;
            }
            try {
                destination.delete(current);
                current = null;
            } catch (IOException | RuntimeException e) {
                throw new DestinationException(destination.id(), current, DestinationException.Operation.DELETE, true,
                        "the run's files are written but its live marker could not be removed, so a cleanup would take them for "
                                + "a dead run's (the run has no manifest): " + Failures.detail(e), e);
            }
        }
    }

    /**
     * The run failed: stops renewing and, when its rollback was complete, deletes the marker. A
     * marker kept (a rollback that could not delete everything) lets {@link AbandonedRuns#remove}
     * finish the job once it lapses.
     */
    void finishFailed(boolean rolledBack) {
        renewal.cancel(false);
        synchronized (this) {
            finished = true;
            if (rolledBack && current != null) {
                deleteQuietly(current);
                current = null;
            }
        }
    }

    private void deleteQuietly(String path) {
        try {
            destination.delete(path);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Export run {}: could not delete its marker {} on destination {} (cleanup removes it once it lapses): {}", runId,
                    path, destination.id(), Failures.detail(e));
        }
    }
}
