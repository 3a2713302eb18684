package org.datasetexport.dest.sftp.internal;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSchAlgoNegoFailException;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.JSchHostKeyException;
import com.jcraft.jsch.JSchRevokedHostKeyException;
import com.jcraft.jsch.SftpException;
import org.datasetexport.DestinationException;
import org.datasetexport.DestinationException.Operation;

/** Turns JSch failures into {@link DestinationException}s that say what happened, without secrets. */
public final class SftpErrors {
    private SftpErrors() {
    }

    /**
     * @param e what JSch (or the stream) threw
     * @param destinationId the destination
     * @param server {@code user@host:port}
     * @param path the path concerned
     * @param operation what was being done
     * @return the exception to throw
     */
    public static DestinationException translate(Exception e, String destinationId, String server, String path, Operation operation) {
        String message = String.valueOf(e.getMessage());
        if (e instanceof JSchException) {
            if (message.startsWith("Auth fail") || message.startsWith("Auth cancel")) {
                return new DestinationException(destinationId, path, operation, false,
                        "authentication failed for " + server + " (wrong password or key, or the key is not authorized)", e);
            }
            if (message.startsWith("reject HostKey")) {
                return new DestinationException(destinationId, path, operation, false,
                        "the host key of " + server + " is unknown: it is not in the known_hosts given (refusing to connect)", e);
            }
            if (message.startsWith("HostKey has been changed")) {
                return new DestinationException(destinationId, path, operation, false,
                        "the host key of " + server + " does not match the known or pinned key: possible man-in-the-middle "
                                + "(refusing to connect)", e);
            }
            if (e instanceof JSchRevokedHostKeyException || message.startsWith("revoked HostKey")) {
                return new DestinationException(destinationId, path, operation, false,
                        "the host key of " + server + " is marked @revoked in the known_hosts given (refusing to connect)", e);
            }
            if (e instanceof JSchHostKeyException) {
                // every other host-key verdict (unknown CA, invalid certificate) is a decision, not a hiccup
                return new DestinationException(destinationId, path, operation, false,
                        "the host key of " + server + " was not accepted: " + rootMessage(e) + " (refusing to connect)", e);
            }
            if (e instanceof JSchAlgoNegoFailException) {
                return new DestinationException(destinationId, path, operation, false,
                        "no SSH algorithm in common with " + server + ": " + rootMessage(e), e);
            }
            if (message.startsWith("invalid privatekey") || message.contains("privatekey")) {
                return new DestinationException(destinationId, path, operation, false,
                        "the private key could not be used (wrong format or passphrase)", e);
            }
            return new DestinationException(destinationId, path, operation, true, "cannot reach " + server + ": " + rootMessage(e), e);
        }
        if (e instanceof SftpException s) {
            return switch (s.id) {
                case ChannelSftp.SSH_FX_NO_SUCH_FILE -> new DestinationException(destinationId, path, operation, false,
                        "no such file or folder on " + server, e);
                case ChannelSftp.SSH_FX_PERMISSION_DENIED -> new DestinationException(destinationId, path, operation, false,
                        "permission denied on " + server, e);
                default -> new DestinationException(destinationId, path, operation, true,
                        "SFTP error on " + server + ": " + rootMessage(e), e);
            };
        }
        return new DestinationException(destinationId, path, operation, true, "connection to " + server + " failed: " + rootMessage(e), e);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }
}
