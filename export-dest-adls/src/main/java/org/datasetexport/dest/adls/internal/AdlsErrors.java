package org.datasetexport.dest.adls.internal;

import com.azure.storage.file.datalake.models.DataLakeStorageException;
import org.datasetexport.spi.support.ServiceErrors;
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
            String code = ServiceErrors.safeCode(d.getErrorCode());
            String detail = switch (status) {
                case 401, 403 -> "access denied on file system \"" + fileSystem + "\" (" + code
                        + "): check the service principal's role (Storage Blob Data Contributor), the key or the SAS";
                case 404 -> code.contains("FilesystemNotFound") || code.contains("ContainerNotFound")
                        ? "file system \"" + fileSystem + "\" does not exist" : "not found (" + code + ")";
                case 409, 412 -> "a file already exists at this path (" + code + "); nothing was overwritten";
                default -> "ADLS answered " + status + " " + code;
            };
            return new DestinationException(destinationId, path, operation, status >= 500 || status == 429 || status == 408, detail,
                    ServiceErrors.withoutBody(e, status + " " + code));
        }
        if (e instanceof com.azure.core.exception.HttpResponseException h) {
            int status = h.getResponse() == null ? 0 : h.getResponse().getStatusCode();
            return new DestinationException(destinationId, path, operation, status == 0 || status >= 500 || status == 429 || status == 408,
                    "ADLS answered " + status, ServiceErrors.withoutBody(e, String.valueOf(status)));
        }
        return new DestinationException(destinationId, path, operation, true,
                "cannot reach ADLS for file system \"" + fileSystem + "\": " + rootMessage(e), e);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
        m = ServiceErrors.oneLine(m); // a network error's text can quote what the other end sent
        return m.replaceAll("(?i)(sig|client_secret)=[^&; ]+", "$1=…");
    }
}
