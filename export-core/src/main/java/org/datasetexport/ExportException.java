package org.datasetexport;

/**
 * The root of every exception the SDK throws. It is unchecked, so callers catch it only where they
 * can act; the subtypes carry the context (setting, destination and path, dataset and row) as
 * accessors as well as in the message.
 *
 * <p>The hierarchy is deliberately not sealed: plug-in modules may add subtypes where a caller
 * benefits from catching them separately.
 */
public class ExportException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, in words a user can act on
     */
    public ExportException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, in words a user can act on
     * @param cause the underlying failure, kept for the stack trace
     */
    public ExportException(String message, Throwable cause) {
        super(message, cause);
    }
}
