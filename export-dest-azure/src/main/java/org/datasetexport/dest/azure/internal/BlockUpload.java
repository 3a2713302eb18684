package org.datasetexport.dest.azure.internal;

import com.azure.core.util.Context;
import com.azure.storage.blob.models.AccessTier;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.specialized.BlockBlobClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.datasetexport.DestinationException;
import org.datasetexport.DestinationException.Operation;
import org.datasetexport.spi.StagedOutput;

/**
 * One blob being written as staged blocks: every full block is staged (Put Block, with its
 * Content-MD5) on the upload pool while writing goes on, at most {@code blocksInFlight} at once,
 * so memory is bounded by block size × (blocks in flight + 1). Commit is Put Block List with the
 * block ids in order and {@code If-None-Match: *} (an existing blob is never overwritten). Close
 * without commit commits nothing: no blob appears, and the uncommitted blocks are discarded by the
 * service (Azure after 7 days). Used by one thread.
 */
public final class BlockUpload implements StagedOutput {
    /** Azure's limit on blocks per blob. */
    static final int MAX_BLOCKS = 50_000;

    /** The settings an upload needs from its destination. */
    public record Settings(ExecutorService pool, String destinationId, String container, int blockSize, int blocksInFlight,
                           AccessTier tier, Map<String, String> metadata) {
    }

    private final Settings settings;
    private final BlockBlobClient blob;
    private final String path;
    private final Semaphore slots;
    private final List<Future<String>> blocks = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final OutputStream stream;
    private byte[] buffer;
    private int filled;
    private boolean committed;

    /**
     * @param settings the destination's settings
     * @param blob the target blob
     * @param path the destination-relative path
     */
    public BlockUpload(Settings settings, BlockBlobClient blob, String path) {
        this.settings = settings;
        this.blob = blob;
        this.path = path;
        this.slots = new Semaphore(settings.blocksInFlight());
        this.buffer = new byte[settings.blockSize()];
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

    @Override
    public String path() {
        return path;
    }

    @Override
    public OutputStream stream() {
        return stream;
    }

    private void append(byte[] b, int off, int len) throws IOException {
        if (closed.get()) {
            throw new IOException("output " + path + " is closed");
        }
        while (len > 0) {
            int n = Math.min(len, buffer.length - filled);
            System.arraycopy(b, off, buffer, filled, n);
            filled += n;
            off += n;
            len -= n;
            if (filled == buffer.length) {
                stageBlock();
            }
        }
    }

    private static String blockId(int index) {
        // ids of one blob must all have the same length
        return Base64.getEncoder().encodeToString(String.format("block-%08d", index).getBytes(StandardCharsets.US_ASCII));
    }

    private void stageBlock() throws IOException {
        for (Future<String> f : blocks) {
            if (f.isDone()) {
                result(f);
            }
        }
        int index = blocks.size();
        if (index >= MAX_BLOCKS) {
            throw new DestinationException(settings.destinationId(), path, Operation.WRITE, false,
                    "the blob needs more than " + MAX_BLOCKS + " blocks of " + settings.blockSize() + " bytes; raise blockSize", null);
        }
        byte[] block = filled == buffer.length ? buffer : java.util.Arrays.copyOf(buffer, filled);
        String id = blockId(index);
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while staging a block of " + path);
        }
        try {
            blocks.add(settings.pool().submit(() -> {
                try {
                    blob.stageBlockWithResponse(id, new ByteArrayInputStream(block), block.length, md5(block), null, null, Context.NONE);
                    return id;
                } finally {
                    slots.release();
                }
            }));
        } catch (RuntimeException e) {
            slots.release();
            throw e;
        }
        buffer = new byte[settings.blockSize()];
        filled = 0;
    }

    private static byte[] md5(byte[] data) {
        try {
            return MessageDigest.getInstance("MD5").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String result(Future<String> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while uploading " + path);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw AzureErrors.translate(r, settings.destinationId(), settings.container(), path, Operation.WRITE);
            }
            throw new IOException("staging a block of " + path + " failed: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public void commit() throws IOException {
        if (closed.get()) {
            throw new IOException("output " + path + " was already " + (committed ? "committed" : "closed or aborted"));
        }
        try {
            if (filled > 0) {
                stageBlock();
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> f : blocks) {
                ids.add(result(f));
            }
            blob.commitBlockListWithResponse(ids, null, settings.metadata(), settings.tier(),
                    new BlobRequestConditions().setIfNoneMatch("*"), null, Context.NONE);
            committed = true;
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 409 || e.getStatusCode() == 412) {
                throw new FileAlreadyExistsException(path, null, "a blob already exists; nothing was overwritten");
            }
            throw AzureErrors.translate(e, settings.destinationId(), settings.container(), path, Operation.COMMIT);
        } catch (DestinationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw AzureErrors.translate(e, settings.destinationId(), settings.container(), path, Operation.COMMIT);
        } finally {
            close();
        }
    }

    /** Commits nothing: waits for blocks in flight so no request outlives the output. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        buffer = null;
        if (!committed) {
            for (Future<String> f : blocks) {
                f.cancel(false);
                try {
                    f.get();
                } catch (Exception ignored) {
                    // an uncommitted block changes nothing: no blob is created without a commit
                }
            }
        }
    }
}
