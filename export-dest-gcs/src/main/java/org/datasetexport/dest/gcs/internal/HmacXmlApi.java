package org.datasetexport.dest.gcs.internal;

import java.net.URI;
import java.time.Duration;
import org.datasetexport.ConfigurationException;
import org.datasetexport.dest.s3.S3Compatibility;
import org.datasetexport.dest.s3.S3Credentials;
import org.datasetexport.dest.s3.S3Destination;
import org.datasetexport.spi.Destination;

/**
 * GCS with an HMAC key: the XML API, signed by the AWS SDK through {@code export-dest-s3} (an
 * optional dependency of this module, so this class is loaded only when an HMAC key is used).
 * The S3 client runs in {@link S3Compatibility#GCS} mode.
 */
public final class HmacXmlApi {
    /** The artifact that brings the XML API client. */
    public static final String ARTIFACT = "org.datasetexport:export-dest-s3";

    /** GCS's XML API endpoint. */
    public static final String DEFAULT_ENDPOINT = "https://storage.googleapis.com";

    private HmacXmlApi() {
    }

    /** What the XML API destination is built from. */
    public record Settings(String bucket, String prefix, String id, String endpoint, String accessKeyId, String secret,
                           int partSize, int maxAttempts, Duration attemptTimeout, Duration callTimeout,
                           String storageClass, String kmsKeyName) {
    }

    /**
     * @throws ConfigurationException naming the artifact to add when export-dest-s3 (or the AWS SDK) is missing
     */
    public static void requireAvailable() {
        ClassLoader loader = HmacXmlApi.class.getClassLoader();
        for (String name : new String[] {"org.datasetexport.dest.s3.S3Destination", "software.amazon.awssdk.services.s3.S3Client"}) {
            try {
                Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new ConfigurationException("GCS HMAC keys use GCS's XML API through the AWS SDK, which is not on the "
                        + "classpath: add the dependency " + ARTIFACT + " (same version as export-dest-gcs), or use a "
                        + "service-account key or Application Default Credentials (the JSON API, no extra dependency)");
            }
        }
    }

    /**
     * @param s the settings
     * @return the destination
     */
    public static Destination create(Settings s) {
        S3Destination.Builder b = S3Destination.builder().bucket(s.bucket()).prefix(s.prefix()).id(s.id()).region("auto")
                .forcePathStyle(true).compatibility(S3Compatibility.GCS)
                .endpointOverride(URI.create(s.endpoint() != null ? s.endpoint() : DEFAULT_ENDPOINT))
                .credentials(S3Credentials.accessKey(s.accessKeyId(), s.secret()))
                .partSize(Math.max(S3Destination.MIN_PART_SIZE, s.partSize())).maxAttempts(s.maxAttempts())
                .apiCallAttemptTimeout(s.attemptTimeout()).apiCallTimeout(s.callTimeout());
        if (s.storageClass() != null) {
            b.putHeader("x-goog-storage-class", s.storageClass());
        }
        if (s.kmsKeyName() != null) {
            b.putHeader("x-goog-encryption-kms-key-name", s.kmsKeyName());
        }
        return b.build();
    }
}
