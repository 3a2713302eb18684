package org.datasetexport.dest.adls.internal;

import com.azure.storage.file.datalake.models.DataLakeStorageException;
import org.datasetexport.DestinationException;
import org.datasetexport.DestinationException.Operation;

/** Turns Data Lake SDK failures into {@link DestinationException}s without secrets. */
public final class AdlsErrors {
    private AdlsErrors() {
    }

    /**
     * @param e what the SDK threw
     * @param destinationId the destination
     * @param fileSystem the file system
     * @param path the path
     * @param operation what was being done
     * @return the exception to throw
     */
    public static DestinationException translate(RuntimeException e, String destinationId, String fileSystem, String path,
                                                 Operation operation) {
        if (e instanceof DataLakeStorageException d) {
            int status = d.getStatusCode();
            String code = safeCode(d.getErrorCode() == null ? "" : d.getErrorCode());
            String detail = switch (status) {
                case 401, 403 -> "access denied on file system \"" + fileSystem + "\" (" + code
                        + "): check the service principal's role (Storage Blob Data Contributor), the key or the SAS";
                case 404 -> code.contains("FilesystemNotFound") || code.contains("ContainerNotFound")
                        ? "file system \"" + fileSystem + "\" does not exist" : "not found (" + code + ")";
                case 409, 412 -> "a file already exists at this path (" + code + "); nothing was overwritten";
                default -> "ADLS answered " + status + " " + code;
            };
            return new DestinationException(destinationId, path, operation, status >= 500 || status == 429 || status == 408, detail,
                    withoutBody(e, status + " " + code));
        }
        if (e instanceof com.azure.core.exception.HttpResponseException h) {
            int status = h.getResponse() == null ? 0 : h.getResponse().getStatusCode();
            return new DestinationException(destinationId, path, operation, status == 0 || status >= 500 || status == 429 || status == 408,
                    "ADLS answered " + status, withoutBody(e, String.valueOf(status)));
        }
        return new DestinationException(destinationId, path, operation, true,
                "cannot reach ADLS for file system \"" + fileSystem + "\": " + rootMessage(e), e);
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
        RuntimeException cause = new RuntimeException(e.getClass().getName() + ": ADLS answered " + summary);
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
        return m.replaceAll("(?i)(sig|client_secret)=[^&; ]+", "$1=…");
    }
}
