package org.datasetexport;

import java.util.Locale;
import java.util.Objects;

/**
 * A destination operation failed: I/O, authentication, a missing bucket or folder, a file that
 * already exists. Carries the destination id (never a secret), the path, the operation and whether
 * trying again may succeed.
 */
public class DestinationException extends ExportException {
    private static final long serialVersionUID = 1L;

    /** The destination operation that failed. */
    public enum Operation {
        /** Opening a staged output. */
        CREATE,
        /** Writing bytes of a staged output. */
        WRITE,
        /** Publishing a staged output under its final name. */
        COMMIT,
        /** Aborting a staged output. */
        ABORT,
        /** Reading a file back. */
        OPEN,
        /** Listing files. */
        LIST,
        /** Deleting a file. */
        DELETE,
        /** The preflight check of settings and credentials. */
        CHECK,
        /** Removing leftovers of crashed runs. */
        CLEANUP
    }

    private final String destinationId;
    private final String path;
    private final Operation operation;
    private final boolean retryable;

    /**
     * @param destinationId the destination's {@code id()}; never a secret
     * @param path the path the operation was about, relative to the destination root (may be empty)
     * @param operation what was being done
     * @param retryable whether the same operation may succeed if tried again later
     * @param detail what went wrong, without secrets
     * @param cause the underlying failure, or null
     */
    public DestinationException(String destinationId, String path, Operation operation,
                                boolean retryable, String detail, Throwable cause) {
        super(describe(destinationId, path, operation, retryable, detail), cause);
        this.destinationId = Objects.requireNonNullElse(destinationId, "?");
        this.path = Objects.requireNonNullElse(path, "");
        this.operation = Objects.requireNonNull(operation, "operation");
        this.retryable = retryable;
    }

    private static String describe(String destinationId, String path, Operation operation,
                                   boolean retryable, String detail) {
        String what = operation.name().charAt(0) + operation.name().substring(1).toLowerCase(Locale.ROOT);
        String where = path == null || path.isEmpty() ? "" : " of \"" + path + "\"";
        return what + where + " on destination \"" + destinationId + "\" failed: " + detail
                + (retryable ? " (retryable)" : " (not retryable)");
    }

    /**
     * Returns the destination's id, as returned by {@code Destination.id()}.
     *
     * @return the destination's id, as returned by {@code Destination.id()}
     */
    public String destinationId() {
        return destinationId;
    }

    /**
     * Returns the path the failed operation was about, relative to the destination root; empty if none.
     *
     * @return the path the failed operation was about, relative to the destination root; empty if none
     */
    public String path() {
        return path;
    }

    /**
     * Returns the operation that failed.
     *
     * @return the operation that failed
     */
    public Operation operation() {
        return operation;
    }

    /**
     * Returns true when the same operation may succeed if tried again later.
     *
     * @return true when the same operation may succeed if tried again later
     */
    public boolean isRetryable() {
        return retryable;
    }
}
