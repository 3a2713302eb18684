package org.datasetexport.dest.azure.internal;

import com.azure.storage.blob.models.BlobStorageException;
import org.datasetexport.spi.support.ServiceErrors;
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
            String code = ServiceErrors.safeCode(b.getErrorCode() == null ? null : b.getErrorCode().toString());
            String detail = switch (status) {
                case 403 -> code.contains("AuthorizationPermissionMismatch") || code.contains("AuthorizationResourceTypeMismatch")
                        ? "the credentials lack a permission for this operation (" + code + "); a Data Landing Zone SAS must allow write, list and delete"
                        : "authentication failed for container \"" + container + "\" (" + code + "): check the key, connection string or SAS";
                case 404 -> code.contains("ContainerNotFound") ? "container \"" + container + "\" does not exist" : "not found (" + code + ")";
                case 409, 412 -> "a blob already exists at this path (" + code + "); nothing was overwritten";
                default -> "Azure Storage answered " + status + " " + code;
            };
            return new DestinationException(destinationId, path, operation, status >= 500 || status == 429 || status == 408, detail,
                    ServiceErrors.withoutBody(e, status + " " + code));
        }
        if (e instanceof com.azure.core.exception.HttpResponseException h) {
            int status = h.getResponse() == null ? 0 : h.getResponse().getStatusCode();
            return new DestinationException(destinationId, path, operation, status == 0 || status >= 500 || status == 429 || status == 408,
                    "Azure Storage answered " + status, ServiceErrors.withoutBody(e, String.valueOf(status)));
        }
        return new DestinationException(destinationId, path, operation, true,
                "cannot reach Azure Storage for container \"" + container + "\": " + rootMessage(e), e);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
        m = ServiceErrors.oneLine(m); // a network error's text can quote what the other end sent
        return m.replaceAll("(?i)(sig|AccountKey|SharedAccessSignature)=[^&; ]+", "$1=…");
    }
}
