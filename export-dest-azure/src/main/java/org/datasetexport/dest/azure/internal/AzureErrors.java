package org.datasetexport.dest.azure.internal;

import com.azure.storage.blob.models.BlobStorageException;
import org.datasetexport.DestinationException;
import org.datasetexport.DestinationException.Operation;

/** Turns Azure SDK failures into {@link DestinationException}s without secrets (no URL query, no key). */
public final class AzureErrors {
    private AzureErrors() {
    }

    /**
     * @param e what the SDK threw
     * @param destinationId the destination
     * @param container the container
     * @param path the path
     * @param operation what was being done
     * @return the exception to throw
     */
    public static DestinationException translate(RuntimeException e, String destinationId, String container, String path,
                                                 Operation operation) {
        if (e instanceof BlobStorageException b) {
            int status = b.getStatusCode();
            String code = safeCode(b.getErrorCode() == null ? "" : b.getErrorCode().toString());
            String detail = switch (status) {
                case 403 -> code.contains("AuthorizationPermissionMismatch") || code.contains("AuthorizationResourceTypeMismatch")
                        ? "the credentials lack a permission for this operation (" + code + "); a Data Landing Zone SAS must allow write, list and delete"
                        : "authentication failed for container \"" + container + "\" (" + code + "): check the key, connection string or SAS";
                case 404 -> code.contains("ContainerNotFound") ? "container \"" + container + "\" does not exist" : "not found (" + code + ")";
                case 409, 412 -> "a blob already exists at this path (" + code + "); nothing was overwritten";
                default -> "Azure Storage answered " + status + " " + code;
            };
            return new DestinationException(destinationId, path, operation, status >= 500 || status == 429 || status == 408, detail,
                    withoutBody(e, status + " " + code));
        }
        if (e instanceof com.azure.core.exception.HttpResponseException h) {
            int status = h.getResponse() == null ? 0 : h.getResponse().getStatusCode();
            return new DestinationException(destinationId, path, operation, status == 0 || status >= 500 || status == 429 || status == 408,
                    "Azure Storage answered " + status, withoutBody(e, String.valueOf(status)));
        }
        return new DestinationException(destinationId, path, operation, true,
                "cannot reach Azure Storage for container \"" + container + "\": " + rootMessage(e), e);
    }

    /** An error code is what the server sent: only a short run of name characters of it goes into a message. */
    static String safeCode(String code) {
        String safe = code.replaceAll("[^A-Za-z0-9_.-]", "?");
        return safe.length() > 64 ? safe.substring(0, 64) + "…" : safe;
    }

    /**
     * The SDK's exception quotes the service's response body (which a hostile or broken endpoint
     * fills with anything): the cause kept is its type, status, code and stack trace, not its message.
     */
    static RuntimeException withoutBody(RuntimeException e, String summary) {
        RuntimeException cause = new RuntimeException(e.getClass().getName() + ": Azure Storage answered " + summary);
        cause.setStackTrace(e.getStackTrace());
        return cause;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
        // a network error's text is bounded and one line: it can quote what the other end sent
        m = m.replaceAll("\\p{Cntrl}", " ");
        if (m.length() > 200) {
            m = m.substring(0, 200) + "…";
        }
        return m.replaceAll("(?i)(sig|AccountKey|SharedAccessSignature)=[^&; ]+", "$1=…");
    }
}
