package org.datasetexport.spi.support;

/**
 * What a store's error response may contribute to a message: it is data the other end chose (a
 * hostile or broken endpoint fills it with anything, a log line included), so only a cleaned error
 * code and a bounded, one-line text go into messages, and a client library's exception — which
 * quotes the response body — is kept as a cause only by its type and stack trace.
 *
 * <pre>{@code
 * String code = ServiceErrors.safeCode(e.getErrorCode());
 * throw new DestinationException(id, path, op, retryable, "the store answered " + status + " " + code,
 *         ServiceErrors.withoutBody(e, status + " " + code));
 * }</pre>
 */
public final class ServiceErrors {
    private static final int MAX_CODE = 64;
    private static final int MAX_TEXT = 200;

    private ServiceErrors() {
    }

    /**
     * @param code an error code as the service sent it, or null
     * @return its name characters only ({@code A-Z a-z 0-9 _ . -}, others as {@code ?}), at most 64
     */
    public static String safeCode(String code) {
        if (code == null) {
            return "";
        }
        String safe = code.replaceAll("[^A-Za-z0-9_.-]", "?");
        return safe.length() > MAX_CODE ? safe.substring(0, MAX_CODE) + "…" : safe;
    }

    /**
     * @param e what the client library threw (its message quotes the response body)
     * @param summary what may be said instead (status and cleaned code)
     * @return a cause with {@code e}'s type name, the summary and {@code e}'s stack trace
     */
    public static RuntimeException withoutBody(RuntimeException e, String summary) {
        RuntimeException cause = new RuntimeException(e.getClass().getName() + ": " + summary);
        cause.setStackTrace(e.getStackTrace());
        return cause;
    }

    /**
     * @param text a network error's text, which can quote what the other end sent, or null
     * @return one line (control characters as spaces) of at most 200 characters
     */
    public static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        String m = text.replaceAll("\\p{Cntrl}", " ");
        return m.length() > MAX_TEXT ? m.substring(0, MAX_TEXT) + "…" : m;
    }
}
