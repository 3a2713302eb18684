package org.datasetexport.dest.gcs.internal;

import com.google.cloud.WriteChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.util.zip.CRC32C;
import org.datasetexport.DestinationException.Operation;
import org.datasetexport.spi.support.Crc32c;
import org.datasetexport.spi.AbstractStagedOutput;

/**
 * One object written with a resumable upload: the client's write channel sends a chunk each time
 * its chunk buffer fills (bounded memory); the object exists only once the final chunk is sent
 * (commit), under a {@code doesNotExist} precondition, and its CRC32C is then compared with the one
 * computed while writing. Close without commit never sends the final chunk, so no object appears;
 * the service expires the unfinished session (GCS: one week). Used by one thread.
 */
public final class ResumableOutput extends AbstractStagedOutput {
    private final Storage storage;
    private final BlobId blobId;
    private final WriteChannel channel;
    private final String destinationId;
    private final CRC32C crc = new CRC32C();
    private final OutputStream stream;

    /**
     * @param storage the client
     * @param blobId the object
     * @param channel the open resumable write channel
     * @param path the destination-relative path
     * @param destinationId for messages
     */
    public ResumableOutput(Storage storage, BlobId blobId, WriteChannel channel, String path, String destinationId) {
        super(path);
        this.storage = storage;
        this.blobId = blobId;
        this.channel = channel;
        this.destinationId = destinationId;
        this.stream = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                ensureOpen();
                crc.update(b, off, len);
                ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
                try {
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                } catch (StorageException e) {
                    throw GcsErrors.translate(e, destinationId, blobId.getBucket(), path, Operation.WRITE);
                } catch (IOException e) {
                    throw GcsErrors.translate(asStorageException(e), destinationId, blobId.getBucket(), path, Operation.WRITE);
                }
            }

            @Override
            public void close() {
                // closing the write channel would publish the object: only commit() does that
            }
        };
    }

    @Override
    public OutputStream stream() {
        return stream;
    }

    /** Sends the final chunk (the object appears now, unless one exists), then checks its CRC32C. */
    @Override
    protected void publish() throws IOException {
        try {
            channel.close();
        } catch (StorageException e) {
            if (e.getCode() == 412) {
                throw new FileAlreadyExistsException(path(), null, "an object already exists; nothing was overwritten");
            }
            throw GcsErrors.translate(e, destinationId, blobId.getBucket(), path(), Operation.COMMIT);
        } catch (IOException e) {
            StorageException cause = asStorageException(e);
            if (cause.getCode() == 412) {
                throw new FileAlreadyExistsException(path(), null, "an object already exists; nothing was overwritten");
            }
            throw GcsErrors.translate(cause, destinationId, blobId.getBucket(), path(), Operation.COMMIT);
        }
        String expected = Crc32c.base64(crc);
        Blob stored;
        try {
            stored = storage.get(blobId);
        } catch (StorageException e) {
            throw GcsErrors.translate(e, destinationId, blobId.getBucket(), path(), Operation.COMMIT);
        }
        if (stored == null || (stored.getCrc32c() != null && !expected.equals(stored.getCrc32c()))) {
            try {
                storage.delete(blobId);
            } catch (StorageException ignored) {
                // the run's rollback deletes it too
            }
            throw new IOException("CRC32C of " + path() + " does not match: sent " + expected + ", stored "
                    + (stored == null ? "nothing" : stored.getCrc32c()) + "; the object was deleted");
        }
    }

    /** Never sends the final chunk: no object appears; the service expires the session. */
    @Override
    protected void abort() {
    }

    /** The client wraps its StorageException in an IOException on the channel path: unwrap it. */
    private static StorageException asStorageException(IOException e) {
        return e.getCause() instanceof StorageException s ? s : new StorageException(e);
    }
}
