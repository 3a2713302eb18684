package org.datasetexport.engine;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
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
    private static final ScheduledExecutorService RENEWALS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "datasetexport-run-markers");
        t.setDaemon(true);
        return t;
    });

    private final Destination destination;
    private final String runId;
    private final String folder;
    private final Duration lease;
    private final ScheduledFuture<?> renewal;
    /** The current marker's path and the instant it is valid until; guarded by this. */
    private String current;
    private Instant validUntil;
    private boolean finished;

    private RunMarker(Destination destination, String runId, String folder, Duration lease) {
        this.destination = destination;
        this.runId = runId;
        this.folder = folder;
        this.lease = lease;
        write();
        long every = Math.max(1, lease.toMillis() / 3);
        this.renewal = RENEWALS.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Marks a run live before it writes anything.
     *
     * @throws ExportException naming the destination when the marker cannot be written
     */
    static RunMarker start(Destination destination, String runId, String datasetId, String folder) {
        return new RunMarker(destination, runId, folder, AbandonedRuns.lease());
    }

    private synchronized void write() {
        Instant until = Instant.now().plus(lease);
        String path = AbandonedRuns.MARKERS + runId + "." + until.toEpochMilli() + ".live";
        String json = "{\"runId\":\"" + runId + "\",\"folder\":\"" + folder.replace("\\", "\\\\").replace("\"", "\\\"")
                + "\",\"validUntil\":\"" + until + "\"}\n";
        try (StagedOutput out = destination.create(path)) {
            try (OutputStream stream = out.stream()) {
                stream.write(json.getBytes(StandardCharsets.UTF_8));
            }
            out.commit();
        } catch (org.datasetexport.DestinationException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // whatever the store threw, it is a destination failure of the run, retryable like any
            throw new org.datasetexport.DestinationException(destination.id(), path,
                    org.datasetexport.DestinationException.Operation.COMMIT, true,
                    "could not write the run's live marker: " + Failures.detail(e), e);
        }
        String previous = current;
        current = path;
        validUntil = until;
        if (previous != null) {
            deleteQuietly(previous);
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
            throw Failures.wrap(e, destination.id(), folder + "/", org.datasetexport.DestinationException.Operation.LIST);
        }
        for (ExportedFile f : files) {
            if (!present.contains(f.path())) {
                throw new ExportException("Export run " + runId + ": its file " + f.path() + " on destination \"" + destination.id()
                        + "\" was removed while the run was writing (a cleanup on a machine whose clock runs ahead?); not publishing");
            }
        }
    }

    /**
     * Stops renewing and, when {@code remove}, deletes the marker (after publishing, or after a
     * complete rollback). A marker kept (a rollback that could not delete everything) lets
     * {@link AbandonedRuns#remove} finish the job once it lapses.
     */
    void finish(boolean remove) {
        renewal.cancel(false);
        synchronized (this) {
            finished = true;
            if (remove && current != null) {
                deleteQuietly(current);
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
