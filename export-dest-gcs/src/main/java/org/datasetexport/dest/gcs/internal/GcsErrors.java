package org.datasetexport.dest.gcs.internal;

import com.google.cloud.BaseServiceException;
import org.datasetexport.DestinationException;
import org.datasetexport.DestinationException.Operation;

/** Turns google-cloud-storage failures into {@link DestinationException}s without secrets. */
public final class GcsErrors {
    private GcsErrors() {
    }

    /**
     * @param e what the client threw
     * @param destinationId the destination
     * @param bucket the bucket
     * @param path the path
     * @param operation what was being done
     * @return the exception to throw
     */
    public static DestinationException translate(RuntimeException e, String destinationId, String bucket, String path,
                                                 Operation operation) {
        if (e instanceof BaseServiceException s && s.getCode() > 0) {
            int code = s.getCode();
            String detail = switch (code) {
                case 401, 403 -> "access denied for bucket \"" + bucket + "\" (" + code + "): check the credentials and the bucket's IAM";
                case 404 -> "bucket \"" + bucket + "\" or object not found";
                case 409, 412 -> "an object already exists at this path (" + code + "); nothing was overwritten";
                default -> "Cloud Storage answered " + code + ": " + s.getMessage();
            };
            return new DestinationException(destinationId, path, operation, code >= 500 || code == 429 || code == 408, detail, e);
        }
        return new DestinationException(destinationId, path, operation, true,
                "cannot reach Cloud Storage for bucket \"" + bucket + "\": " + rootMessage(e), e);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }
}
