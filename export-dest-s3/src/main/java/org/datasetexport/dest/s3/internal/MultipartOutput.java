package org.datasetexport.dest.s3.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.datasetexport.DestinationException;
import org.datasetexport.DestinationException.Operation;
import org.datasetexport.spi.StagedOutput;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * One object being written. Bytes fill a part buffer; the first full buffer starts a multipart
 * upload and every full buffer is sent as a part on the destination's upload pool while writing
 * goes on, at most {@code partsInFlight} at once (the writer waits for a free slot, so memory is
 * bounded by part size × (parts in flight + 1)). A file smaller than one part is one PutObject at
 * commit. Commit completes the upload; close without commit aborts it. Both use
 * {@code If-None-Match: *}, so an existing object is never overwritten. Every request carries a
 * CRC32C checksum. Used by one thread.
 */
public final class MultipartOutput implements StagedOutput {
    /** S3's limit on parts per upload. */
    static final int MAX_PARTS = 10_000;

    /** The settings an upload needs from its destination. */
    public record Settings(S3Client client, ExecutorService pool, String destinationId, String bucket, int partSize,
                           int partsInFlight, Consumer<PutObjectRequest.Builder> putCustomizer,
                           Consumer<CreateMultipartUploadRequest.Builder> createCustomizer) {
    }

    private final Settings settings;
    private final String path;
    private final String key;
    private final Semaphore slots;
    private final List<Future<CompletedPart>> parts = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final OutputStream stream;
    private byte[] buffer;
    private int filled;
    private String uploadId;
    private boolean committed;

    /**
     * @param settings the destination's settings
     * @param path the destination-relative path
     * @param key the object key (prefix + path)
     */
    public MultipartOutput(Settings settings, String path, String key) {
        this.settings = settings;
        this.path = path;
        this.key = key;
        this.slots = new Semaphore(settings.partsInFlight());
        this.buffer = new byte[settings.partSize()];
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
                sendPart();
            }
        }
    }

    private void sendPart() throws IOException {
        failIfAPartFailed();
        if (uploadId == null) {
            uploadId = call(Operation.WRITE, () -> settings.client().createMultipartUpload(r -> {
                r.bucket(settings.bucket()).key(key).checksumAlgorithm(ChecksumAlgorithm.CRC32_C);
                settings.createCustomizer().accept(r);
            }).uploadId());
        }
        int partNumber = parts.size() + 1;
        if (partNumber > MAX_PARTS) {
            throw new DestinationException(settings.destinationId(), path, Operation.WRITE, false,
                    "the file needs more than " + MAX_PARTS + " parts of " + settings.partSize()
                            + " bytes; raise partSize or lower maxFileSize", null);
        }
        byte[] part = buffer;
        int length = filled;
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to upload part " + partNumber + " of " + path);
        }
        try {
            parts.add(settings.pool().submit(() -> {
                try {
                    UploadPartResponse response = settings.client().uploadPart(r -> r.bucket(settings.bucket()).key(key)
                            .uploadId(uploadId).partNumber(partNumber).checksumAlgorithm(ChecksumAlgorithm.CRC32_C),
                            RequestBody.fromBytes(length == part.length ? part : java.util.Arrays.copyOf(part, length)));
                    return CompletedPart.builder().partNumber(partNumber).eTag(response.eTag())
                            .checksumCRC32C(response.checksumCRC32C()).build();
                } finally {
                    slots.release();
                }
            }));
        } catch (RuntimeException e) {
            slots.release();
            throw e;
        }
        // the part owns its buffer until sent; a fresh one keeps memory at partsInFlight + 1 buffers
        buffer = new byte[settings.partSize()];
        filled = 0;
    }

    private void failIfAPartFailed() throws IOException {
        for (Future<CompletedPart> f : parts) {
            if (f.isDone()) {
                completed(f);
            }
        }
    }

    private CompletedPart completed(Future<CompletedPart> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while uploading " + path);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SdkException sdk) {
                throw S3Errors.translate(sdk, settings.destinationId(), settings.bucket(), path, Operation.WRITE);
            }
            throw new IOException("upload of a part of " + path + " failed: " + cause, cause);
        }
    }

    private interface SdkCall<T> {
        T call();
    }

    private <T> T call(Operation operation, SdkCall<T> call) {
        try {
            return call.call();
        } catch (S3Exception e) {
            if (operation == Operation.COMMIT && e.statusCode() == 412) {
                throw e; // commit() turns it into FileAlreadyExistsException
            }
            throw S3Errors.translate(e, settings.destinationId(), settings.bucket(), path, operation);
        } catch (SdkException e) {
            throw S3Errors.translate(e, settings.destinationId(), settings.bucket(), path, operation);
        }
    }

    @Override
    public void commit() throws IOException {
        if (closed.get()) {
            throw new IOException("output " + path + " was already " + (committed ? "committed" : "closed or aborted"));
        }
        try {
            publish();
        } catch (S3Exception e) {
            if (e.statusCode() == 412) {
                throw new FileAlreadyExistsException(path, null, "an object already exists at \"" + key + "\"; nothing was overwritten");
            }
            throw e;
        }
        committed = true;
        buffer = null;
        close();
    }

    private void publish() throws IOException {
        if (uploadId == null) {
            byte[] body = java.util.Arrays.copyOf(buffer, filled);
            call(Operation.COMMIT, () -> settings.client().putObject(r -> {
                r.bucket(settings.bucket()).key(key).ifNoneMatch("*").checksumAlgorithm(ChecksumAlgorithm.CRC32_C);
                settings.putCustomizer().accept(r);
            }, RequestBody.fromBytes(body)));
        } else {
            if (filled > 0) {
                sendPart();
            }
            List<CompletedPart> done = new ArrayList<>();
            for (Future<CompletedPart> f : parts) {
                done.add(completed(f));
            }
            call(Operation.COMMIT, () -> settings.client().completeMultipartUpload(r -> r.bucket(settings.bucket()).key(key)
                    .uploadId(uploadId).ifNoneMatch("*").multipartUpload(m -> m.parts(done))));
        }
    }

    /** Aborts unless committed: waits for parts in flight, then AbortMultipartUpload. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        buffer = null;
        if (committed || uploadId == null) {
            return;
        }
        for (Future<CompletedPart> f : parts) {
            f.cancel(false);
            try {
                f.get();
            } catch (Exception ignored) {
                // a failed or cancelled part changes nothing: the upload is aborted below
            }
        }
        try {
            settings.client().abortMultipartUpload(r -> r.bucket(settings.bucket()).key(key).uploadId(uploadId));
        } catch (SdkException e) {
            // cleanup(olderThan) aborts it later; the upload is invisible meanwhile
            org.slf4j.LoggerFactory.getLogger(MultipartOutput.class)
                    .warn("Could not abort the multipart upload of {} (cleanup will): {}", path, e.getMessage());
        }
    }
}
