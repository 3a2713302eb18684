package org.datasetexport.dest.azure;

import org.datasetexport.engine.AbandonedRuns;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.datasetexport.ConfigurationException;
import org.datasetexport.dest.azure.internal.BlobContainerStore;
import org.datasetexport.spi.Destination;
import org.datasetexport.spi.OutputInfo;
import org.datasetexport.spi.StagedOutput;

/** What the Blob and Data Landing Zone destinations share: every operation goes to one container store. */
abstract class ContainerDestination implements Destination {
    private final BlobContainerStore store;
    private final String id;
    private final String description;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Validates a builder's block size: 1 MiB to 256 MiB (a blob may have 50,000 blocks). */
    static int requireBlockSize(long bytes) {
        ConfigurationException.check(bytes >= 1024 * 1024 && bytes <= 256L * 1024 * 1024,
                "blockSize must be 1 MiB to 256 MiB, got %d", bytes);
        return (int) bytes;
    }

    /** Validates a builder's blocks staged at once per file: 1 to 32. */
    static int requireBlocksInFlight(int blocks) {
        ConfigurationException.check(blocks >= 1 && blocks <= 32, "blocksInFlight must be 1 to 32, got %d", blocks);
        return blocks;
    }

    /** Validates a builder's attempts per request: 1 to 10. */
    static int requireMaxTries(int tries) {
        ConfigurationException.check(tries >= 1 && tries <= 10, "maxTries must be 1 to 10, got %d", tries);
        return tries;
    }

    /** The default attempts per request: with backoff from 1 s to 20 s they ride out about a minute of outage. */
    static final int DEFAULT_MAX_TRIES = 8;
    /** The default limit on one attempt: a stalled or trickling connection is noticed and retried. */
    static final Duration DEFAULT_TRY_TIMEOUT = Duration.ofMinutes(2);

    static Duration requireTryTimeout(Duration timeout) {
        ConfigurationException.requireNonNull(timeout, "tryTimeout");
        ConfigurationException.check(timeout.toSeconds() >= 1, "tryTimeout must be at least 1 s, got %s", timeout);
        return timeout;
    }

    /** The Azure SDK's default try timeout is unbounded: a stalled request would hang an export forever. */
    static RequestRetryOptions retryOptions(int maxTries, Duration tryTimeout) {
        return new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, maxTries, (int) Math.min(Integer.MAX_VALUE, tryTimeout.toSeconds()),
                1000L, 20_000L, null);
    }

    ContainerDestination(BlobContainerStore store, String id, String description) {
        this.store = store;
        this.id = id;
        this.description = description;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final StagedOutput create(String path) throws IOException {
        return store.create(path, null);
    }

    /** Records the run id and dataset id as blob metadata. */
    @Override
    public final StagedOutput create(String path, OutputInfo info) throws IOException {
        return store.create(path, info);
    }

    @Override
    public final List<String> list(String prefix) {
        return store.list(prefix);
    }

    @Override
    public final InputStream open(String path) throws IOException {
        return store.open(path);
    }

    @Override
    public final void delete(String path) {
        store.delete(path);
    }

    /** Writes, lists and deletes a probe blob; a credential lacking write, list or delete fails here, naming the step. */
    @Override
    public final void check() {
        store.check();
    }

    /**
     * Nothing to remove: an aborted upload leaves only uncommitted blocks, which are not visible
     * and which Azure discards after 7 days.
     *
     * @return 0
     */
    @Override
    public final int cleanup(Duration olderThan) {
        ConfigurationException.requireNonNull(olderThan, "olderThan");
        try {
            return AbandonedRuns.remove(this, olderThan);
        } catch (java.io.IOException e) {
            throw new org.datasetexport.DestinationException(id(), AbandonedRuns.MARKERS, org.datasetexport.DestinationException.Operation.CLEANUP,
                    true, e.getMessage(), e);
        }
    }

    @Override
    public final void close() {
        if (closed.compareAndSet(false, true)) {
            store.close();
        }
    }

    @Override
    public final String toString() {
        return description;
    }
}
