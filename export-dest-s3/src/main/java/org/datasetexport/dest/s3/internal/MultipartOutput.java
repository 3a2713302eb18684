package org.datasetexport.dest.s3.internal;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import org.datasetexport.DestinationException.Operation;
import org.datasetexport.dest.s3.S3Compatibility;
import org.datasetexport.spi.support.Crc32c;
import org.datasetexport.spi.PartUploadOutput;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * One S3 object being written: a file smaller than one part is one PutObject at commit; a larger
 * one is a multipart upload started at the first full part, whose parts are sent while writing
 * goes on (bounded, see {@link PartUploadOutput}). Commit is CompleteMultipartUpload; close
 * without commit is AbortMultipartUpload. How the publish refuses to overwrite and which checksum
 * each upload carries depends on the {@link S3Compatibility}: for AWS, {@code If-None-Match: *} and
 * CRC32C; for PLAIN, {@code If-None-Match: *} and Content-MD5; for GCS, Content-MD5,
 * {@code x-goog-if-generation-match: 0} on PutObject and a HEAD before CompleteMultipartUpload.
 */
public final class MultipartOutput extends PartUploadOutput<CompletedPart> {
    /** S3's limit on parts per upload. */
    public static final int MAX_PARTS = 10_000;

    /** The settings an upload needs from its destination. */
    public record Settings(S3Client client, ExecutorService pool, String destinationId, String bucket, int partSize,
                           int partsInFlight, S3Compatibility compatibility, Consumer<PutObjectRequest.Builder> putCustomizer,
                           Consumer<CreateMultipartUploadRequest.Builder> createCustomizer,
                           java.util.function.Supplier<S3Client> createClient, int createAttempts) {
    }

    /** Object metadata naming the output that wrote the object, so a retried publish recognises its own object. */
    public static final String UPLOAD_TOKEN_METADATA = "datasetexport-upload";

    /** The header prefix of user metadata in GCS's XML API. */
    public static final String GCS_METADATA_PREFIX = "x-goog-meta-";

    private final Settings settings;
    private final String key;
    private final String token = UUID.randomUUID().toString();
    private volatile String uploadId;

    /**
     * @param settings the destination's settings
     * @param path the destination-relative path
     * @param key the object key (prefix + path)
     */
    public MultipartOutput(Settings settings, String path, String key) {
        super(settings.pool(), settings.destinationId(), path, settings.partSize(), settings.partsInFlight(), MAX_PARTS);
        this.settings = settings;
        this.key = key;
    }

    @Override
    protected void beforeFirstPart() {
        // The SDK would retry a CreateMultipartUpload whose response was lost and start a second upload,
        // the first then pending for nobody. The create is tried once per attempt without the SDK's
        // retries; after a failure, an upload the store did start for this key (the key holds the run's
        // id: nobody else writes it) is adopted instead of starting another.
        SdkException last = null;
        for (int attempt = 1; attempt <= settings.createAttempts(); attempt++) {
            if (attempt > 1) {
                String adopted = pendingUploadOfThisKey();
                if (adopted != null) {
                    uploadId = adopted;
                    return;
                }
                try {
                    Thread.sleep(Math.min(20_000L, 250L << Math.min(attempt, 6)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            try {
                uploadId = createOnce();
                return;
            } catch (S3Exception e) {
                if (e.statusCode() < 500 && e.statusCode() != 429) {
                    throw S3Errors.translate(e, settings.destinationId(), settings.bucket(), path(), Operation.WRITE);
                }
                last = e;
            } catch (SdkException e) {
                last = e;
            }
        }
        throw S3Errors.translate(last != null ? last : SdkClientException.create("interrupted"), settings.destinationId(),
                settings.bucket(), path(), Operation.WRITE);
    }

    /** @return the id of a pending upload of exactly this key, or null */
    private String pendingUploadOfThisKey() {
        try {
            for (var upload : settings.client().listMultipartUploads(r -> r.bucket(settings.bucket()).prefix(key)).uploads()) {
                if (upload.key().equals(key)) {
                    return upload.uploadId();
                }
            }
            return null;
        } catch (SdkException e) {
            return null; // the next attempt creates one; cleanup(olderThan) aborts a stray
        }
    }

    /** One CreateMultipartUpload request, without the SDK's retries. */
    private String createOnce() {
        return settings.createClient().get().createMultipartUpload(r -> {
            r.bucket(settings.bucket()).key(key);
            if (aws()) {
                r.checksumAlgorithm(ChecksumAlgorithm.CRC32_C);
            }
            settings.createCustomizer().accept(r);
            if (gcs()) {
                r.overrideConfiguration(googHeaders(r.overrideConfiguration(), withToken(r.build().metadata()), false));
                r.metadata(Map.of());
            } else {
                r.metadata(withToken(r.build().metadata()));
            }
        }).uploadId();
    }

    @Override
    protected CompletedPart uploadPart(int number, byte[] data) {
        String crc32c = aws() ? Crc32c.base64(data) : null;
        UploadPartResponse response = settings.client().uploadPart(r -> {
            r.bucket(settings.bucket()).key(key).uploadId(uploadId).partNumber(number);
            if (aws()) {
                r.checksumAlgorithm(ChecksumAlgorithm.CRC32_C).checksumCRC32C(crc32c);
            } else {
                r.contentMD5(md5(data));
            }
        }, RequestBody.fromBytes(data));
        return CompletedPart.builder().partNumber(number).eTag(response.eTag())
                .checksumCRC32C(crc32c != null ? crc32c : response.checksumCRC32C()).build();
    }

    @Override
    protected void publishWhole(byte[] data) throws IOException {
        publish(() -> settings.client().putObject(r -> {
            r.bucket(settings.bucket()).key(key);
            if (aws()) {
                r.checksumAlgorithm(ChecksumAlgorithm.CRC32_C).checksumCRC32C(Crc32c.base64(data));
            } else {
                r.contentMD5(md5(data));
            }
            settings.putCustomizer().accept(r);
            if (gcs()) {
                // after the customizer, whose extra headers are in the request's override configuration
                r.overrideConfiguration(googHeaders(r.overrideConfiguration(), withToken(r.build().metadata()), true));
                r.metadata(Map.of());
            } else {
                r.ifNoneMatch("*");
                r.metadata(withToken(r.build().metadata()));
            }
        }, RequestBody.fromBytes(data)));
    }

    @Override
    protected void publishParts(List<CompletedPart> parts) throws IOException {
        if (settings.compatibility() == S3Compatibility.GCS) {
            // GCS's XML API documents no precondition for completing an upload: look before publishing
            try {
                settings.client().headObject(r -> r.bucket(settings.bucket()).key(key));
                throw new FileAlreadyExistsException(path(), null, "an object already exists at \"" + key + "\"; nothing was overwritten");
            } catch (S3Exception e) {
                if (e.statusCode() != 404) {
                    throw S3Errors.translate(e, settings.destinationId(), settings.bucket(), path(), Operation.COMMIT);
                }
            } catch (SdkException e) {
                throw S3Errors.translate(e, settings.destinationId(), settings.bucket(), path(), Operation.COMMIT);
            }
            publish(() -> settings.client().completeMultipartUpload(r -> r.bucket(settings.bucket()).key(key)
                    .uploadId(uploadId).multipartUpload(m -> m.parts(parts))));
            return;
        }
        publish(() -> settings.client().completeMultipartUpload(r -> r.bucket(settings.bucket()).key(key)
                .uploadId(uploadId).ifNoneMatch("*").multipartUpload(m -> m.parts(parts))));
    }

    /**
     * A lost response to CreateMultipartUpload makes the SDK's retry start a second upload of this
     * key; the first is then nobody's and stays pending (billed, invisible) until a cleanup. The key
     * holds this run's id, so every other pending upload of exactly this key is such a stray: aborted
     * here after the file is abandoned (the create adopts rather than duplicates, so a published file has none).
     */
    private void abortStrayUploads() {
        try {
            for (var upload : settings.client().listMultipartUploads(r -> r.bucket(settings.bucket()).prefix(key)).uploads()) {
                if (upload.key().equals(key) && !upload.uploadId().equals(uploadId)) {
                    settings.client().abortMultipartUpload(r -> r.bucket(settings.bucket()).key(key).uploadId(upload.uploadId()));
                }
            }
        } catch (SdkException e) {
            LoggerFactory.getLogger(MultipartOutput.class)
                    .warn("Could not look for stray multipart uploads of {} (cleanup will): {}", path(), e.getMessage());
        }
    }

    /**
     * GCS's XML API documents user metadata as {@code x-goog-meta-*} and its no-overwrite
     * precondition as {@code x-goog-if-generation-match: 0}.
     */
    private static AwsRequestOverrideConfiguration googHeaders(AwsRequestOverrideConfiguration existing,
                                                               Map<String, String> metadata, boolean mustNotExist) {
        AwsRequestOverrideConfiguration.Builder o = existing == null ? AwsRequestOverrideConfiguration.builder() : existing.toBuilder();
        metadata.forEach((k, v) -> o.putHeader(GCS_METADATA_PREFIX + k, v));
        if (mustNotExist) {
            o.putHeader("x-goog-if-generation-match", "0");
        }
        return o.build();
    }

    private boolean gcs() {
        return settings.compatibility() == S3Compatibility.GCS;
    }

    private boolean aws() {
        return settings.compatibility() == S3Compatibility.AWS;
    }

    private static String md5(byte[] data) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has MD5", e);
        }
    }

    private Map<String, String> withToken(Map<String, String> metadata) {
        Map<String, String> m = new LinkedHashMap<>(metadata);
        m.put(UPLOAD_TOKEN_METADATA, token);
        return m;
    }

    private void publish(Runnable request) throws IOException {
        try {
            request.run();
        } catch (S3Exception e) {
            if (e.statusCode() == 412) {
                // a retry after a lost response finds the object its own first attempt created: that is success
                if (isOwnObject()) {
                    return;
                }
                throw new FileAlreadyExistsException(path(), null, "an object already exists at \"" + key + "\"; nothing was overwritten");
            }
            if (e.statusCode() == 404 && uploadId != null && isOwnObject()) {
                // a retried CompleteMultipartUpload whose first attempt completed (its response was lost)
                // finds no upload any more (GCS answers 404 NoSuchUpload): the object is there, ours
                return;
            }
            throw S3Errors.translate(e, settings.destinationId(), settings.bucket(), path(), Operation.COMMIT);
        } catch (SdkException e) {
            throw S3Errors.translate(e, settings.destinationId(), settings.bucket(), path(), Operation.COMMIT);
        }
    }

    private boolean isOwnObject() {
        try {
            HeadObjectResponse head = settings.client().headObject(r -> r.bucket(settings.bucket()).key(key));
            String found = head.metadata().get(UPLOAD_TOKEN_METADATA);
            if (found == null) {
                found = head.sdkHttpResponse().firstMatchingHeader(GCS_METADATA_PREFIX + UPLOAD_TOKEN_METADATA).orElse(null);
            }
            return token.equals(found);
        } catch (SdkException e) {
            return false;
        }
    }

    @Override
    protected void abortParts() {
        if (uploadId == null) {
            return;
        }
        try {
            settings.client().abortMultipartUpload(r -> r.bucket(settings.bucket()).key(key).uploadId(uploadId));
        } catch (NoSuchUploadException e) {
            // aborted already (an abort repeated after a straggling part ended)
        } catch (SdkException e) {
            // cleanup(olderThan) aborts it later; the upload is invisible meanwhile
            LoggerFactory.getLogger(MultipartOutput.class)
                    .warn("Could not abort the multipart upload of {} (cleanup will): {}", path(), e.getMessage());
        }
        abortStrayUploads();
    }

    @Override
    protected Exception failure(Throwable cause) {
        if (cause instanceof SdkException sdk) {
            return S3Errors.translate(sdk, settings.destinationId(), settings.bucket(), path(), Operation.WRITE);
        }
        return new IOException("upload of a part of " + path() + " failed: " + cause, cause);
    }
}
