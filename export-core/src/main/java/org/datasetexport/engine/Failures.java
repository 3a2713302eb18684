package org.datasetexport.engine;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.FileSystemException;
import java.util.Locale;
import org.datasetexport.DestinationException;
import org.datasetexport.ExportException;

/** Turns whatever a plug-in threw into an {@link ExportException} that names where it happened. */
final class Failures {
    private Failures() {
    }

    /**
     * @param failure what was thrown
     * @param destinationId the destination
     * @param path the file being written
     * @param operation what was being done
     * @return {@code failure} itself when it already is an {@link ExportException}, otherwise a
     *         {@link DestinationException} (I/O) or {@link ExportException} (anything else) with
     *         the cause kept
     */
    static ExportException wrap(Throwable failure, String destinationId, String path, DestinationException.Operation operation) {
        if (failure instanceof ExportException e) {
            return e;
        }
        if (failure instanceof IOException io) {
            return new DestinationException(destinationId, path, operation, isRetryable(io), detail(io), io);
        }
        return new ExportException(operation.name().toLowerCase(Locale.ROOT) + " of \"" + path
                + "\" on destination \"" + destinationId + "\" failed: " + detail(failure), failure);
    }

    /**
     * A file system's refusal (not a folder, a link, read-only, exists, denied) does not go away by
     * trying again; network errors and timeouts may.
     */
    private static boolean isRetryable(IOException e) {
        return !(e instanceof FileSystemException || e instanceof InterruptedIOException);
    }

    static String detail(Throwable t) {
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
    }
}
