package org.datasetexport.spi;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.datasetexport.DestinationException;
import org.datasetexport.spi.support.RunMdc;

/**
 * A base for {@link StagedOutput}s of object stores that upload a file in parts (S3 multipart,
 * Azure staged blocks, …): bytes fill a part buffer; every full part is handed to
 * {@link #uploadPart} on the destination's pool while writing goes on, at most
 * {@code partsInFlight} at once (the writer waits for a free slot), so memory is bounded by
 * part size × (parts in flight + 1) whatever the file size. A file smaller than one part is
 * published in one request ({@link #publishWhole}); otherwise the remaining bytes become the last
 * part and {@link #publishParts} completes the upload. {@link #close()} without commit waits for
 * the parts in flight and calls {@link #abortParts()}. Used by one thread.
 *
 * @param <P> what an uploaded part returns (an ETag, a block id, …)
 */
public abstract class PartUploadOutput<P> extends AbstractStagedOutput {
    private final ExecutorService pool;
    private final String destinationId;
    private final int partSize;
    private final int maxParts;
    private final Semaphore slots;
    private final Duration abortWait;
    private final List<Part<P>> parts = new ArrayList<>();
    private final OutputStream stream;
    private byte[] buffer;
    private int filled;

    /**
     * @param pool runs part uploads; shared by the destination's outputs
     * @param destinationId the destination's id, for messages
     * @param path the destination-relative path
     * @param partSize bytes per part (all but the last)
     * @param partsInFlight parts uploaded at once
     * @param maxParts the store's limit on parts per file
     */
    protected PartUploadOutput(ExecutorService pool, String destinationId, String path, int partSize, int partsInFlight,
                               int maxParts) {
        this(pool, destinationId, path, partSize, partsInFlight, maxParts, DEFAULT_ABORT_WAIT);
    }

    /** How long an abort waits for parts in flight by default: 30 seconds. */
    public static final Duration DEFAULT_ABORT_WAIT = Duration.ofSeconds(30);

    /**
     * @param pool runs part uploads; shared by the destination's outputs
     * @param destinationId the destination's id, for messages
     * @param path the destination-relative path
     * @param partSize bytes per part (all but the last)
     * @param partsInFlight parts uploaded at once
     * @param maxParts the store's limit on parts per file
     * @param abortWait how long {@link #close()} without commit waits for the parts in flight before it
     *                  aborts without them (they are interrupted; the abort is repeated on the pool once
     *                  they end, so none of them outlives it in the store)
     */
    protected PartUploadOutput(ExecutorService pool, String destinationId, String path, int partSize, int partsInFlight,
                               int maxParts, Duration abortWait) {
        super(path);
        this.abortWait = org.datasetexport.ConfigurationException.requireNonNull(abortWait, "abortWait");
        this.pool = pool;
        this.destinationId = destinationId;
        this.partSize = partSize;
        this.maxParts = maxParts;
        this.slots = new Semaphore(partsInFlight);
        this.buffer = new byte[partSize];
        this.stream = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                append(b, off, len);
            }
        };
    }

    /**
     * Called in the writer's thread before the first part is uploaded (to start a multipart upload,
     * say). The default does nothing.
     *
     * @throws IOException on failure
     */
    protected void beforeFirstPart() throws IOException {
    }

    /**
     * Uploads one part; runs on the pool.
     *
     * @param number 1-based part number
     * @param data the part's bytes (owned by the call)
     * @return what {@link #publishParts} needs about the part
     * @throws Exception on failure; surfaced through {@link #failure}
     */
    protected abstract P uploadPart(int number, byte[] data) throws Exception;

    /**
     * Publishes a file smaller than one part in a single request; must not overwrite.
     *
     * @param data the whole file
     * @throws IOException on failure
     */
    protected abstract void publishWhole(byte[] data) throws IOException;

    /**
     * Completes a multi-part upload; must not overwrite.
     *
     * @param uploaded the parts, in order
     * @throws IOException on failure
     */
    protected abstract void publishParts(List<P> uploaded) throws IOException;

    /** Discards the uploaded parts (called after every part in flight has finished). Must not throw. */
    protected abstract void abortParts();

    /**
     * Turns a part upload's failure into the exception to throw.
     *
     * @param cause what {@link #uploadPart} threw
     * @return an IOException or an unchecked exception naming the path
     */
    protected abstract Exception failure(Throwable cause);

    @Override
    public final OutputStream stream() {
        return stream;
    }

    /** @return parts handed to the pool so far */
    protected final int partCount() {
        return parts.size();
    }

    private void append(byte[] b, int off, int len) throws IOException {
        ensureOpen();
        while (len > 0) {
            int n = Math.min(len, buffer.length - filled);
            System.arraycopy(b, off, buffer, filled, n);
            filled += n;
            off += n;
            len -= n;
            if (filled == buffer.length) {
                sendPart();
            }
        }
    }

    private void sendPart() throws IOException {
        for (Part<P> p : parts) {
            if (p.future.isDone()) {
                result(p.future); // surface a failed part early
            }
        }
        int number = parts.size() + 1;
        if (number == 1) {
            beforeFirstPart();
        }
        if (number > maxParts) {
            throw new DestinationException(destinationId, path(), DestinationException.Operation.WRITE, false,
                    "the file needs more than " + maxParts + " parts of " + partSize + " bytes; raise the part size", null);
        }
        byte[] data = filled == buffer.length ? buffer : Arrays.copyOf(buffer, filled);
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to upload part " + number + " of " + path());
        }
        Part<P> part = new Part<>();
        try {
            part.future = pool.submit(RunMdc.wrap(() -> {
                // an abort that got here first means this part never uploads
                if (!part.state.compareAndSet(Part.QUEUED, Part.RUNNING)) {
                    slots.release();
                    part.done.countDown();
                    return null;
                }
                try {
                    return uploadPart(number, data);
                } finally {
                    slots.release();
                    part.done.countDown();
                }
            }));
            parts.add(part);
        } catch (RuntimeException e) {
            slots.release();
            throw e;
        }
        // the part owns its buffer until sent; a fresh one keeps memory at partsInFlight + 1 buffers
        buffer = new byte[partSize];
        filled = 0;
    }

    private P result(Future<P> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while uploading " + path());
        } catch (ExecutionException e) {
            Exception failure = failure(e.getCause());
            if (failure instanceof IOException io) {
                throw io;
            }
            throw (RuntimeException) failure;
        }
    }

    /** Sends the last part and completes the upload, or publishes a small file in one request. */
    @Override
    protected final void publish() throws IOException {
        if (parts.isEmpty()) {
            publishWhole(Arrays.copyOf(buffer, filled));
        } else {
            if (filled > 0) {
                sendPart();
            }
            List<P> uploaded = new ArrayList<>();
            for (Part<P> p : parts) {
                uploaded.add(result(p.future));
            }
            publishParts(uploaded);
        }
    }

    /**
     * Stops parts that have not started and waits for the ones that did — at most the abort wait,
     * and not past an interrupt — then {@link #abortParts()}. Parts still running then are
     * interrupted, and once the last of them ends the abort runs again on the pool: a part a store
     * accepted after the first abort (S3 allows that) is discarded too, while the caller
     * ({@code cancel}, {@code close}, a failing run) got its thread back in bounded time.
     */
    @Override
    protected final void abort() {
        if (parts.isEmpty()) {
            return;
        }
        boolean interrupted = Thread.interrupted();
        long deadline = System.nanoTime() + abortWait.toNanos();
        List<Part<P>> stragglers = new ArrayList<>();
        for (Part<P> p : parts) {
            if (p.state.compareAndSet(Part.QUEUED, Part.ABORTED)) {
                continue;
            }
            try {
                if (interrupted || !p.done.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    stragglers.add(p);
                }
            } catch (InterruptedException e) {
                interrupted = true; // stop waiting; restored below
                stragglers.add(p);
            }
        }
        abortParts();
        if (!stragglers.isEmpty()) {
            for (Part<P> p : stragglers) {
                p.future.cancel(true);
            }
            repeatAbortAfter(stragglers);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Once every straggling part has ended (bounded by ten abort waits), aborts again on the pool. */
    private void repeatAbortAfter(List<Part<P>> stragglers) {
        try {
            pool.execute(RunMdc.wrap(() -> {
                long until = System.nanoTime() + abortWait.toNanos() * 10;
                for (Part<P> p : stragglers) {
                    try {
                        p.done.await(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
                abortParts();
            }));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the destination is closing: its own shutdown ends the uploads; cleanup(olderThan) removes what stays
        }
    }

    /** One part on the pool: whether it started, and when it is over. */
    private static final class Part<P> {
        static final int QUEUED = 0;
        static final int RUNNING = 1;
        static final int ABORTED = 2;
        final AtomicInteger state = new AtomicInteger(QUEUED);
        final CountDownLatch done = new CountDownLatch(1);
        Future<P> future;
    }

    @Override
    protected final void release() {
        buffer = null;
    }
}
