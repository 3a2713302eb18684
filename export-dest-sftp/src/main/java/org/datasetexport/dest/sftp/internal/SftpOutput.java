package org.datasetexport.dest.sftp.internal;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.SftpException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import org.datasetexport.DestinationException.Operation;
import org.datasetexport.spi.AbstractStagedOutput;

/**
 * One remote file being written: bytes go to {@code .<name>.part} beside the target over its own
 * SFTP channel; commit publishes it without overwriting (a hard link where the server offers
 * {@code hardlink@openssh.com}, which fails if the target exists, otherwise an existence check and a
 * rename, which JSch sends as {@code posix-rename@openssh.com} when offered); close without commit
 * deletes the temp file. Used by one thread.
 */
public final class SftpOutput extends AbstractStagedOutput {
    private final ChannelSftp channel;
    private final String target;
    private final String temp;
    private final OutputStream remote;
    private final OutputStream stream;
    private final String destinationId;
    private final String server;

    /**
     * Opens the temp file (directories must exist).
     *
     * @param channel a connected channel, owned by this output from now on
     * @param path the destination-relative path
     * @param target the absolute remote path
     * @param destinationId for messages
     * @param server {@code user@host:port} for messages
     * @throws SftpException when the temp file cannot be opened
     */
    public SftpOutput(ChannelSftp channel, String path, String target, String destinationId, String server) throws SftpException {
        super(path);
        this.channel = channel;
        this.target = target;
        int slash = target.lastIndexOf('/');
        this.temp = target.substring(0, slash + 1) + "." + target.substring(slash + 1) + ".part";
        this.destinationId = destinationId;
        this.server = server;
        this.remote = channel.put(temp, ChannelSftp.OVERWRITE);
        this.stream = new FilterOutputStream(remote) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                ensureOpen();
                try {
                    out.write(b, off, len);
                } catch (IOException e) {
                    throw SftpErrors.translate(e, destinationId, server, path, Operation.WRITE);
                }
            }

            @Override
            public void close() throws IOException {
                flush(); // the remote handle is closed by commit() or close()
            }
        };
    }

    /** @return the temp file's name suffix, for cleanup */
    public static String tempSuffix() {
        return ".part";
    }

    @Override
    public OutputStream stream() {
        return stream;
    }

    /** Closes the remote handle, then links (or checks and renames) the temp file to the target. */
    @Override
    protected void publish() throws IOException {
        try {
            try {
                remote.close();
            } catch (IOException e) {
                throw SftpErrors.translate(e, destinationId, server, path(), Operation.COMMIT);
            }
            if (channel.getExtension("hardlink@openssh.com") != null) {
                try {
                    channel.hardlink(temp, target);
                } catch (SftpException e) {
                    if (exists(target)) {
                        throw new FileAlreadyExistsException(path(), null, "a file already exists on " + server + "; nothing was overwritten");
                    }
                    throw e;
                }
                channel.rm(temp);
            } else {
                if (exists(target)) {
                    throw new FileAlreadyExistsException(path(), null, "a file already exists on " + server + "; nothing was overwritten");
                }
                channel.rename(temp, target);
            }
        } catch (SftpException e) {
            throw SftpErrors.translate(e, destinationId, server, path(), Operation.COMMIT);
        }
    }

    private boolean exists(String remotePath) throws SftpException {
        try {
            channel.lstat(remotePath);
            return true;
        } catch (SftpException e) {
            if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                return false;
            }
            throw e;
        }
    }

    /** Deletes the temp file. */
    @Override
    protected void abort() {
        try {
            remote.close();
        } catch (IOException ignored) {
            // the handle may be dead with the connection; the temp file goes below or in cleanup()
        }
        try {
            channel.rm(temp);
        } catch (SftpException ignored) {
            // gone already, or the connection is down: cleanup(olderThan) removes it
        }
    }

    /** Releases the channel. */
    @Override
    protected void release() {
        channel.disconnect();
    }
}
