package org.datasetexport.dest.s3.internal;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import org.datasetexport.DestinationException.Operation;
import org.datasetexport.spi.PartUploadOutput;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * One S3 object being written: a file smaller than one part is one PutObject at commit; a larger
 * one is a multipart upload started at the first full part, whose parts are sent while writing
 * goes on (bounded, see {@link PartUploadOutput}). Commit is CompleteMultipartUpload; close
 * without commit is AbortMultipartUpload. PutObject and CompleteMultipartUpload carry
 * {@code If-None-Match: *}, so an existing object is never overwritten; every request carries a
 * CRC32C checksum.
 */
public final class MultipartOutput extends PartUploadOutput<CompletedPart> {
    /** S3's limit on parts per upload. */
    public static final int MAX_PARTS = 10_000;

    /** The settings an upload needs from its destination. */
    public record Settings(S3Client client, ExecutorService pool, String destinationId, String bucket, int partSize,
                           int partsInFlight, Consumer<PutObjectRequest.Builder> putCustomizer,
                           Consumer<CreateMultipartUploadRequest.Builder> createCustomizer) {
    }

    /** Object metadata naming the output that wrote the object, so a retried publish recognises its own object. */
    public static final String UPLOAD_TOKEN_METADATA = "datasetexport-upload";

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
        try {
            uploadId = settings.client().createMultipartUpload(r -> {
                r.bucket(settings.bucket()).key(key).checksumAlgorithm(ChecksumAlgorithm.CRC32_C);
                settings.createCustomizer().accept(r);
                r.metadata(withToken(r.build().metadata()));
            }).uploadId();
        } catch (SdkException e) {
            throw S3Errors.translate(e, settings.destinationId(), settings.bucket(), path(), Operation.WRITE);
        }
    }

    @Override
    protected CompletedPart uploadPart(int number, byte[] data) {
        UploadPartResponse response = settings.client().uploadPart(r -> r.bucket(settings.bucket()).key(key)
                .uploadId(uploadId).partNumber(number).checksumAlgorithm(ChecksumAlgorithm.CRC32_C), RequestBody.fromBytes(data));
        return CompletedPart.builder().partNumber(number).eTag(response.eTag()).checksumCRC32C(response.checksumCRC32C()).build();
    }

    @Override
    protected void publishWhole(byte[] data) throws IOException {
        publish(() -> settings.client().putObject(r -> {
            r.bucket(settings.bucket()).key(key).ifNoneMatch("*").checksumAlgorithm(ChecksumAlgorithm.CRC32_C);
            settings.putCustomizer().accept(r);
            r.metadata(withToken(r.build().metadata()));
        }, RequestBody.fromBytes(data)));
    }

    @Override
    protected void publishParts(List<CompletedPart> parts) throws IOException {
        publish(() -> settings.client().completeMultipartUpload(r -> r.bucket(settings.bucket()).key(key)
                .uploadId(uploadId).ifNoneMatch("*").multipartUpload(m -> m.parts(parts))));
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
            throw S3Errors.translate(e, settings.destinationId(), settings.bucket(), path(), Operation.COMMIT);
        } catch (SdkException e) {
            throw S3Errors.translate(e, settings.destinationId(), settings.bucket(), path(), Operation.COMMIT);
        }
    }

    private boolean isOwnObject() {
        try {
            return token.equals(settings.client().headObject(r -> r.bucket(settings.bucket()).key(key)).metadata()
                    .get(UPLOAD_TOKEN_METADATA));
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
        } catch (SdkException e) {
            // cleanup(olderThan) aborts it later; the upload is invisible meanwhile
            LoggerFactory.getLogger(MultipartOutput.class)
                    .warn("Could not abort the multipart upload of {} (cleanup will): {}", path(), e.getMessage());
        }
    }

    @Override
    protected Exception failure(Throwable cause) {
        if (cause instanceof SdkException sdk) {
            return S3Errors.translate(sdk, settings.destinationId(), settings.bucket(), path(), Operation.WRITE);
        }
        return new IOException("upload of a part of " + path() + " failed: " + cause, cause);
    }
}
