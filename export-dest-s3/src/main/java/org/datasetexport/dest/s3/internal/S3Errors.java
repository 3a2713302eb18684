package org.datasetexport.dest.s3.internal;

import org.datasetexport.DestinationException;
import org.datasetexport.DestinationException.Operation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Turns AWS SDK failures into {@link DestinationException}s that say what happened, without secrets. */
public final class S3Errors {
    private S3Errors() {
    }

    /**
     * @param e what the SDK threw
     * @param destinationId the destination
     * @param bucket the bucket
     * @param key the object key (or prefix)
     * @param operation what was being done
     * @return the exception to throw
     */
    public static DestinationException translate(SdkException e, String destinationId, String bucket, String key,
                                                 Operation operation) {
        return new DestinationException(destinationId, key, operation, retryable(e), detail(e, bucket, key), e);
    }

    /**
     * @param e what the SDK threw
     * @return whether trying again later may help
     */
    public static boolean retryable(SdkException e) {
        if (e instanceof S3Exception s3) {
            int status = s3.statusCode();
            return status >= 500 || status == 429 || Boolean.TRUE.equals(s3.retryable());
        }
        if (e instanceof SdkClientException) {
            return !missingCredentials(e);
        }
        return e.retryable();
    }

    private static boolean missingCredentials(SdkException e) {
        return String.valueOf(e.getMessage()).startsWith("Unable to load credentials");
    }

    /**
     * @param e what the SDK threw
     * @param bucket the bucket
     * @param key the key or path
     * @return what went wrong, in words a user can act on, without secrets
     */
    public static String detail(SdkException e, String bucket, String key) {
        if (e instanceof S3Exception s3) {
            int status = s3.statusCode();
            String code = s3.awsErrorDetails() != null ? s3.awsErrorDetails().errorCode() : null;
            String detail = switch (status) {
                case 403 -> "access denied for bucket \"" + bucket + "\" (" + code + "): check the credentials and the policy";
                case 404 -> "NoSuchBucket".equals(code) ? "bucket \"" + bucket + "\" does not exist"
                        : "not found (" + code + ")";
                case 409, 412 -> "an object already exists at \"" + key + "\" (" + code + ")";
                default -> "S3 answered " + status + " " + code;
            };
            return detail;
        }
        if (missingCredentials(e)) {
            return "no AWS credentials found: pass accessKeyId/secretAccessKey or roleArn, or configure the default chain "
                    + "(environment, system properties, profile, container or instance role)";
        }
        if (e instanceof SdkClientException) {
            return "cannot reach S3 for bucket \"" + bucket + "\": " + rootMessage(e);
        }
        return rootMessage(e);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m;
    }
}
