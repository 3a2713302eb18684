package org.datasetexport.dest.adls.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import com.azure.core.util.Context;
import com.azure.storage.file.datalake.DataLakeFileClient;
import com.azure.storage.file.datalake.models.DataLakeRequestConditions;
import com.azure.storage.file.datalake.models.DataLakeStorageException;
import org.datasetexport.DestinationException.Operation;
import org.datasetexport.DestinationException;
import org.datasetexport.spi.AbstractStagedOutput;

/**
 * One ADLS Gen2 file being written: a temporary file {@code .<name>.<random>.part} is created in the
 * target directory, bytes are appended in chunks as they come (memory: one chunk), commit flushes
 * with {@code close=true} and renames the file to its final name with {@code If-None-Match: *} (an
 * existing file is never overwritten); close without commit deletes the temporary file. Used by one
 * thread.
 */
public final class AppendOutput extends AbstractStagedOutput {
    private final DataLakeFileClient temp;
    private final String targetPath;
    private final DataLakeFileClient target;
    private final String destinationId;
    private final String fileSystem;
    private final OutputStream stream;
    private byte[] buffer;
    private int filled;
    private long position;

    /**
     * @param temp the created temporary file
     * @param target the final file, for recognising its own rename after a lost response
     * @param targetPath the final path inside the file system
     * @param path the destination-relative path
     * @param chunkSize bytes per append
     * @param destinationId for messages
     * @param fileSystem for messages
     */
    public AppendOutput(DataLakeFileClient temp, DataLakeFileClient target, String targetPath, String path, int chunkSize,
                        String destinationId, String fileSystem) {
        super(path);
        this.temp = temp;
        this.target = target;
        this.targetPath = targetPath;
        this.destinationId = destinationId;
        this.fileSystem = fileSystem;
        this.buffer = new byte[chunkSize];
        this.stream = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                ensureOpen();
                while (len > 0) {
                    int n = Math.min(len, buffer.length - filled);
                    System.arraycopy(b, off, buffer, filled, n);
                    filled += n;
                    off += n;
                    len -= n;
                    if (filled == buffer.length) {
                        append();
                    }
                }
            }
        };
    }

    private void append() {
        if (filled == 0) {
            return;
        }
        try {
            temp.appendWithResponse(new ByteArrayInputStream(buffer, 0, filled), position, filled, null, null, null, Context.NONE);
        } catch (RuntimeException e) {
            throw AdlsErrors.translate(e, destinationId, fileSystem, path(), Operation.WRITE);
        }
        position += filled;
        filled = 0;
    }

    @Override
    public OutputStream stream() {
        return stream;
    }

    /**
     * Our temp file (a random name only this output knows) is gone and the target exists with
     * exactly our length: only our own rename does that.
     */
    private boolean renamedByUs() {
        try {
            return !temp.exists() && target.exists() && target.getProperties().getFileSize() == position;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Appends the rest, flushes with {@code close=true}, renames to the final name unless it exists. */
    @Override
    protected void publish() throws IOException {
        try {
            append();
            temp.flushWithResponse(position, false, true, null, null, null, Context.NONE);
            temp.renameWithResponse(null, targetPath, null, new DataLakeRequestConditions().setIfNoneMatch("*"), null, Context.NONE);
        } catch (DataLakeStorageException e) {
            // the SDK retried a rename whose response was lost: the first attempt did rename our file
            if ((e.getStatusCode() == 404 || e.getStatusCode() == 409 || e.getStatusCode() == 412) && renamedByUs()) {
                return;
            }
            if (e.getStatusCode() == 409 || e.getStatusCode() == 412) {
                throw new FileAlreadyExistsException(path(), null, "a file already exists; nothing was overwritten");
            }
            throw AdlsErrors.translate(e, destinationId, fileSystem, path(), Operation.COMMIT);
        } catch (RuntimeException e) {
            if (e instanceof DestinationException d) {
                throw d;
            }
            throw AdlsErrors.translate(e, destinationId, fileSystem, path(), Operation.COMMIT);
        }
    }

    /** Deletes the temporary file. */
    @Override
    protected void abort() {
        try {
            temp.deleteIfExists();
        } catch (RuntimeException ignored) {
            // cleanup(olderThan) removes stale temporary files
        }
    }

    @Override
    protected void release() {
        buffer = null;
    }
}
