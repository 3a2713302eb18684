package org.datasetexport.dest.s3;

import org.datasetexport.engine.AbandonedRuns;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.datasetexport.ConfigurationException;
import org.datasetexport.DestinationException.Operation;
import org.datasetexport.DestinationException;
import org.datasetexport.dest.s3.internal.JavaNetHttpClient;
import org.datasetexport.dest.s3.internal.MultipartOutput;
import org.datasetexport.dest.s3.internal.QuietSigV4AuthScheme;
import org.datasetexport.dest.s3.internal.S3Errors;
import org.datasetexport.spi.Destination;
import org.datasetexport.spi.OutputInfo;
import org.datasetexport.spi.StagedOutput;
import org.datasetexport.spi.StoragePaths;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.StorageClass;

/**
 * Amazon S3 and S3-compatible stores, with the AWS SDK for Java v2 (synchronous client over the
 * JDK's HTTP client, signed by a SigV4 signer that logs nothing, so that no credential reaches a log
 * at any level). Files are streamed: a file smaller than one part is one PutObject at commit;
 * a larger one is a multipart upload whose parts are sent while the file is still being written,
 * at most {@code partsInFlight} at once. Commit is CompleteMultipartUpload, abort is
 * AbortMultipartUpload; both PutObject and CompleteMultipartUpload are conditional
 * ({@code If-None-Match: *}), so an existing object is never overwritten. Every upload carries a
 * CRC32C checksum. Stores that reject the AWS SDK's newer checksum shapes are served by
 * {@link Builder#compatibility(S3Compatibility)}. Thread-safe; close it to release the client and its threads.
 *
 * <pre>{@code
 * S3Destination s3 = S3Destination.builder()
 *         .bucket("acme-exports").prefix("datasets")
 *         .region("eu-west-1")
 *         .credentials(S3Credentials.assumeRole("arn:aws:iam::123456789012:role/exports", "ext-id", null, null))
 *         .serverSideEncryptionKms("alias/exports")
 *         .build();
 * }</pre>
 *
 * <p>Defaults: region {@code us-east-1}, the default credential chain, part size 8 MiB, 4 parts in
 * flight (memory per open file: part size × 5), the SDK's standard retry mode with 5 attempts,
 * virtual-hosted addressing, no server-side encryption setting (the bucket's default applies),
 * the bucket's default storage class.
 */
public final class S3Destination implements Destination {
    /** S3's minimum size of every part but the last. */
    public static final int MIN_PART_SIZE = 5 * 1024 * 1024;
    /** Metadata key holding the run id of the export that wrote an object. */
    public static final String RUN_ID_METADATA = "datasetexport-run-id";
    /** Metadata key holding the dataset id of the export that wrote an object. */
    public static final String DATASET_ID_METADATA = "datasetexport-dataset-id";

    private final String bucket;
    private final String prefix;
    private final String id;
    private final String region;
    private final URI endpoint;
    private final S3Credentials credentials;
    private final int partSize;
    private final int partsInFlight;
    private final String storageClass;
    private final String sse;
    private final String kmsKeyId;
    private final Map<String, String> tags;
    private final Map<String, String> metadata;
    private final Map<String, String> headers;
    private final S3Compatibility compatibility;
    private final S3Client client;
    private final S3ClientBuilder createClientBuilder;
    private S3Client createClient;
    private final int createAttempts;
    private final JavaNetHttpClient http;
    private final AwsCredentialsProvider credentialsProvider;
    private final ExecutorService uploads;
    private final AtomicBoolean closed = new AtomicBoolean();

    private S3Destination(Builder b) {
        ConfigurationException.check(b.bucket != null && !b.bucket.isBlank(), "an S3 destination needs a bucket");
        ConfigurationException.check(b.bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]"),
                "bucket \"%s\" is not a valid S3 bucket name", b.bucket);
        this.bucket = b.bucket;
        this.prefix = b.prefix;
        this.region = b.region;
        this.endpoint = b.endpoint;
        this.credentials = b.credentials;
        this.partSize = b.partSize;
        this.partsInFlight = b.partsInFlight;
        this.storageClass = b.storageClass;
        this.sse = b.sse;
        this.kmsKeyId = b.kmsKeyId;
        this.tags = Map.copyOf(b.tags);
        this.metadata = Map.copyOf(b.metadata);
        this.headers = Map.copyOf(b.headers);
        this.compatibility = b.compatibility;
        this.id = b.id != null ? b.id : StoragePaths.sanitizeSegment("s3-" + bucket + (prefix.isEmpty() ? "" : "-" + prefix));
        Region awsRegion = Region.of(region);
        // the JDK's HTTP client and a signer that log no header: see JavaNetHttpClient and QuietSigV4Signer
        this.http = new JavaNetHttpClient(b.connectTimeout, "datasetexport-s3-" + id);
        this.credentialsProvider = credentials.toProvider(awsRegion, b.stsEndpoint, http);
        S3ClientBuilder cb = S3Client.builder()
                .region(awsRegion)
                .credentialsProvider(credentialsProvider)
                .forcePathStyle(b.pathStyle)
                .httpClient(http)
                .putAuthScheme(new QuietSigV4AuthScheme())
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD)
                        .retryStrategy(r -> r.maxAttempts(b.maxAttempts)
                                .backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(500), Duration.ofSeconds(20))))
                        .apiCallAttemptTimeout(b.attemptTimeout)
                        .apiCallTimeout(b.callTimeout));
        if (endpoint != null) {
            cb.endpointOverride(endpoint);
        }
        // checksums travel in headers, never in aws-chunked trailers (QuietSigV4Signer does not write those)
        cb.serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build());
        if (compatibility != S3Compatibility.AWS) {
            cb.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        this.client = cb.build();
        // the same client without the SDK's retries, for CreateMultipartUpload (MultipartOutput retries it itself);
        // built at the first file large enough for a multipart upload, not at start-up
        cb.overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)).apiCallAttemptTimeout(b.attemptTimeout)
                .apiCallTimeout(b.callTimeout));
        this.createClientBuilder = cb;
        this.createAttempts = b.maxAttempts;
        AtomicInteger n = new AtomicInteger();
        this.uploads = Executors.newFixedThreadPool(partsInFlight * 2, r -> {
            Thread t = new Thread(r, "datasetexport-s3-" + id + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** The client without SDK retries, for CreateMultipartUpload: built once, when first needed. */
    private synchronized S3Client createClient() {
        if (createClient == null) {
            createClient = createClientBuilder.build();
        }
        return createClient;
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String id() {
        return id;
    }

    /** @return the bucket */
    public String bucket() {
        return bucket;
    }

    /** @return the key prefix (no leading or trailing slash; empty for the bucket root) */
    public String prefix() {
        return prefix;
    }

    /** @return the part size in bytes */
    public int partSize() {
        return partSize;
    }

    @Override
    public StagedOutput create(String path) throws IOException {
        return create(path, null);
    }

    /** Records the run id and dataset id as object metadata ({@value #RUN_ID_METADATA}, {@value #DATASET_ID_METADATA}). */
    @Override
    public StagedOutput create(String path, OutputInfo info) throws IOException {
        String key = StoragePaths.under(prefix, path);
        try {
            client.headObject(r -> r.bucket(bucket).key(key));
            throw new FileAlreadyExistsException(path, null, "an object already exists at \"" + key + "\"");
        } catch (NoSuchKeyException e) {
            // free: go ahead
        } catch (S3Exception e) {
            // 404: free. 403: a write-only policy may not allow HeadObject; the conditional publish still
            // refuses to overwrite, so go ahead and let the commit decide
            if (e.statusCode() != 404 && e.statusCode() != 403) {
                throw S3Errors.translate(e, id, bucket, path, Operation.CREATE);
            }
        } catch (SdkException e) {
            throw S3Errors.translate(e, id, bucket, path, Operation.CREATE);
        }
        Map<String, String> objectMetadata = new LinkedHashMap<>(metadata);
        if (info != null) {
            objectMetadata.put(RUN_ID_METADATA, info.runId());
            objectMetadata.put(DATASET_ID_METADATA, info.datasetId());
        }
        // parts grow with the export's maxFileSize so the 10,000-part limit is never hit
        int size = info == null ? partSize : (int) Math.min(5L * 1024 * 1024 * 1024, info.partSizeFor(partSize, MultipartOutput.MAX_PARTS));
        return new MultipartOutput(new MultipartOutput.Settings(client, uploads, id, bucket, size, partsInFlight, compatibility,
                put -> decorate(put, objectMetadata), create -> decorate(create, objectMetadata), this::createClient, createAttempts), path, key);
    }

    private void decorate(PutObjectRequest.Builder r, Map<String, String> objectMetadata) {
        r.metadata(objectMetadata);
        if (!headers.isEmpty()) {
            r.overrideConfiguration(o -> headers.forEach(o::putHeader));
        }
        if (storageClass != null) {
            r.storageClass(StorageClass.fromValue(storageClass));
        }
        if (sse != null) {
            r.serverSideEncryption(ServerSideEncryption.fromValue(sse));
            if (kmsKeyId != null) {
                r.ssekmsKeyId(kmsKeyId);
            }
        }
        if (!tags.isEmpty()) {
            r.tagging(tagging());
        }
    }

    private void decorate(CreateMultipartUploadRequest.Builder r, Map<String, String> objectMetadata) {
        r.metadata(objectMetadata);
        if (!headers.isEmpty()) {
            r.overrideConfiguration(o -> headers.forEach(o::putHeader));
        }
        if (storageClass != null) {
            r.storageClass(StorageClass.fromValue(storageClass));
        }
        if (sse != null) {
            r.serverSideEncryption(ServerSideEncryption.fromValue(sse));
            if (kmsKeyId != null) {
                r.ssekmsKeyId(kmsKeyId);
            }
        }
        if (!tags.isEmpty()) {
            r.tagging(tagging());
        }
    }

    private String tagging() {
        return tags.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public List<String> list(String pathPrefix) throws IOException {
        ConfigurationException.requireNonNull(pathPrefix, "prefix");
        String root = StoragePaths.folder(prefix);
        List<String> paths = new ArrayList<>();
        try {
            for (S3Object o : client.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(root + pathPrefix)).contents()) {
                paths.add(o.key().substring(root.length()));
            }
        } catch (SdkException e) {
            throw S3Errors.translate(e, id, bucket, pathPrefix, Operation.LIST);
        }
        paths.sort(null);
        return paths;
    }

    @Override
    public InputStream open(String path) throws IOException {
        String key = StoragePaths.under(prefix, path);
        try {
            return client.getObject(r -> r.bucket(bucket).key(key));
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(path);
        } catch (SdkException e) {
            throw S3Errors.translate(e, id, bucket, path, Operation.OPEN);
        }
    }

    @Override
    public void delete(String path) throws IOException {
        String key = StoragePaths.under(prefix, path);
        try {
            client.deleteObject(r -> r.bucket(bucket).key(key));
        } catch (NoSuchKeyException e) {
            // gone already (S3 answers 204 for a missing key, GCS's XML API 404): deleting is idempotent
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw S3Errors.translate(e, id, bucket, path, Operation.DELETE);
            }
        } catch (SdkException e) {
            throw S3Errors.translate(e, id, bucket, path, Operation.DELETE);
        }
    }

    /**
     * Proves PutObject, ListBucket, DeleteObject and AbortMultipartUpload under the prefix with a
     * probe object and a probe upload.
     */
    @Override
    public void check() {
        String probe = StoragePaths.folder(prefix) + ".datasetexport-check-" + UUID.randomUUID();
        String step = "PutObject";
        try {
            client.putObject(r -> {
                r.bucket(bucket).key(probe);
                if (compatibility == S3Compatibility.AWS) {
                    r.checksumAlgorithm(ChecksumAlgorithm.CRC32_C);
                }
            }, RequestBody.fromString("datasetexport check"));
            step = "ListBucket";
            String probeKey = probe;
            boolean listed = client.listObjectsV2(r -> r.bucket(bucket).prefix(probeKey)).contents().stream()
                    .anyMatch(o -> o.key().equals(probeKey));
            if (!listed) {
                throw new DestinationException(id, probe, Operation.CHECK, false, "a probe object was written but not listed", null);
            }
            step = "DeleteObject";
            client.deleteObject(r -> r.bucket(bucket).key(probeKey));
            step = "CreateMultipartUpload";
            String uploadId = client.createMultipartUpload(r -> r.bucket(bucket).key(probeKey + ".multipart")).uploadId();
            step = "AbortMultipartUpload";
            client.abortMultipartUpload(r -> r.bucket(bucket).key(probeKey + ".multipart").uploadId(uploadId));
        } catch (SdkException e) {
            throw new DestinationException(id, probe, Operation.CHECK, S3Errors.retryable(e),
                    step + " failed: " + S3Errors.detail(e, bucket, probe), e);
        }
    }

    /** Aborts multipart uploads under the prefix that were started before {@code now - olderThan}. */
    @Override
    public int cleanup(Duration olderThan) throws IOException {
        ConfigurationException.requireNonNull(olderThan, "olderThan");
        Instant limit = Instant.now().minus(olderThan);
        // the uploads of runs that died (their live marker lapsed) go whatever their age: nobody can complete them
        AbandonedRuns.Scan runs = AbandonedRuns.scan(this);
        java.util.Set<String> dead = runs.deadRuns();
        int aborted = 0;
        try {
            String keyMarker = null;
            String uploadMarker = null;
            while (true) {
                String km = keyMarker;
                String um = uploadMarker;
                ListMultipartUploadsResponse page = client.listMultipartUploads(r -> r.bucket(bucket).prefix(StoragePaths.folder(prefix))
                        .keyMarker(km).uploadIdMarker(um));
                for (MultipartUpload u : page.uploads()) {
                    if (u.initiated() == null || u.initiated().isBefore(limit) || dead.stream().anyMatch(u.key()::contains)) {
                        client.abortMultipartUpload(r -> r.bucket(bucket).key(u.key()).uploadId(u.uploadId()));
                        aborted++;
                    }
                }
                if (!Boolean.TRUE.equals(page.isTruncated())) {
                    return aborted + runs.remove(olderThan);
                }
                keyMarker = page.nextKeyMarker();
                uploadMarker = page.nextUploadIdMarker();
            }
        } catch (SdkException e) {
            throw S3Errors.translate(e, id, bucket, StoragePaths.folder(prefix), Operation.CLEANUP);
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            uploads.shutdownNow();
            client.close();
            synchronized (this) {
                if (createClient != null) {
                    createClient.close();
                }
            }
            http.close();
            if (credentialsProvider instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // nothing left to release
                }
            }
        }
    }

    @Override
    public String toString() {
        return "S3Destination[id=" + id + ", bucket=" + bucket + ", prefix=" + prefix + ", region=" + region
                + (endpoint != null ? ", endpoint=" + endpoint : "") + ", credentials=" + credentials
                + ", partSize=" + partSize + ", partsInFlight=" + partsInFlight
                + (compatibility != S3Compatibility.AWS ? ", compatibility=" + compatibility : "") + "]";
    }

    /** Builds an {@link S3Destination}. Not thread-safe. */
    public static final class Builder {
        private String bucket;
        private String prefix = "";
        private String id;
        private String region = "us-east-1";
        private URI endpoint;
        private boolean pathStyle;
        private S3Credentials credentials = S3Credentials.defaultChain();
        private URI stsEndpoint;
        private int partSize = 8 * 1024 * 1024;
        private int partsInFlight = 4;
        private int maxAttempts = 10;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration attemptTimeout = Duration.ofMinutes(2);
        private Duration callTimeout = Duration.ofMinutes(15);
        private String storageClass;
        private String sse;
        private String kmsKeyId;
        private final Map<String, String> tags = new LinkedHashMap<>();
        private final Map<String, String> metadata = new LinkedHashMap<>();
        private final Map<String, String> headers = new LinkedHashMap<>();
        private S3Compatibility compatibility = S3Compatibility.AWS;

        private Builder() {
        }

        /**
         * @param bucket the bucket (must exist)
         * @return this builder
         */
        public Builder bucket(String bucket) {
            this.bucket = ConfigurationException.requireNonNull(bucket, "bucket");
            return this;
        }

        /**
         * @param prefix key prefix under which every path goes; leading and trailing slashes are ignored
         * @return this builder
         */
        public Builder prefix(String prefix) {
            this.prefix = StoragePaths.normalizePrefix(prefix, "prefix");
            return this;
        }

        /**
         * @param id the destination id; default {@code s3-<bucket>-<prefix>}
         * @return this builder
         */
        public Builder id(String id) {
            this.id = StoragePaths.requireValidSegment(id, "destination id");
            return this;
        }

        /**
         * @param region an AWS region such as {@code eu-west-1}; default {@code us-east-1}
         * @return this builder
         */
        public Builder region(String region) {
            this.region = ConfigurationException.requireNonNull(region, "region");
            return this;
        }

        /**
         * @param endpoint an S3-compatible endpoint ({@code http://127.0.0.1:9090}), or null for AWS
         * @return this builder
         */
        public Builder endpointOverride(URI endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        /**
         * @param pathStyle use path-style addressing ({@code endpoint/bucket/key}), as most S3-compatible stores need
         * @return this builder
         */
        public Builder forcePathStyle(boolean pathStyle) {
            this.pathStyle = pathStyle;
            return this;
        }

        /**
         * @param credentials how to authenticate; default the SDK's default chain
         * @return this builder
         */
        public Builder credentials(S3Credentials credentials) {
            this.credentials = ConfigurationException.requireNonNull(credentials, "credentials");
            return this;
        }

        /**
         * @param stsEndpoint an STS endpoint override for assumed roles (VPC endpoints, tests), or null
         * @return this builder
         */
        public Builder stsEndpoint(URI stsEndpoint) {
            this.stsEndpoint = stsEndpoint;
            return this;
        }

        /**
         * @param bytes part size, 5 MiB to 512 MiB; files up to 10,000 parts of this size can be written
         * @return this builder
         */
        public Builder partSize(long bytes) {
            ConfigurationException.check(bytes >= MIN_PART_SIZE && bytes <= 512L * 1024 * 1024,
                    "partSize must be 5 MiB to 512 MiB, got %d", bytes);
            this.partSize = (int) bytes;
            return this;
        }

        /**
         * @param parts parts uploaded at once per file, 1 to 32; memory per open file is part size × (parts + 1)
         * @return this builder
         */
        public Builder partsInFlight(int parts) {
            ConfigurationException.check(parts >= 1 && parts <= 32, "partsInFlight must be 1 to 32, got %d", parts);
            this.partsInFlight = parts;
            return this;
        }

        /**
         * Attempts per request with the SDK's standard retry strategy. Between attempts the SDK
         * waits with exponential backoff from 0.5 s up to 20 s (with jitter), so the default rides
         * out a network outage of about a minute in the middle of a multi-minute upload without
         * failing the run.
         *
         * @param attempts 1 to 20; default 10
         * @return this builder
         */
        public Builder maxAttempts(int attempts) {
            ConfigurationException.check(attempts >= 1 && attempts <= 20, "maxAttempts must be 1 to 20, got %d", attempts);
            this.maxAttempts = attempts;
            return this;
        }

        /**
         * @param timeout TCP connect timeout; default 10 s
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = ConfigurationException.requireNonNull(timeout, "connectTimeout");
            return this;
        }

        /**
         * How long one attempt of one request (a part upload, say) may take before it is abandoned
         * and retried: a stalled or trickling connection is noticed within this time, never hangs.
         * Sized for a default part (8 MiB) on a slow link.
         *
         * @param timeout positive; default 2 minutes
         * @return this builder
         * @throws ConfigurationException when null or not positive
         */
        public Builder apiCallAttemptTimeout(Duration timeout) {
            ConfigurationException.requireNonNull(timeout, "apiCallAttemptTimeout");
            ConfigurationException.check(!timeout.isNegative() && !timeout.isZero(), "apiCallAttemptTimeout must be positive, got %s", timeout);
            this.attemptTimeout = timeout;
            return this;
        }

        /**
         * How long one request may take over all its attempts and backoffs.
         *
         * @param timeout positive; default 15 minutes
         * @return this builder
         * @throws ConfigurationException when null or not positive
         */
        public Builder apiCallTimeout(Duration timeout) {
            ConfigurationException.requireNonNull(timeout, "apiCallTimeout");
            ConfigurationException.check(!timeout.isNegative() && !timeout.isZero(), "apiCallTimeout must be positive, got %s", timeout);
            this.callTimeout = timeout;
            return this;
        }

        /**
         * @param storageClass an S3 storage class such as {@code STANDARD_IA}; default the bucket's
         * @return this builder
         */
        public Builder storageClass(String storageClass) {
            ConfigurationException.requireNonNull(storageClass, "storageClass");
            ConfigurationException.check(StorageClass.fromValue(storageClass) != StorageClass.UNKNOWN_TO_SDK_VERSION,
                    "storageClass \"%s\" is unknown; use one of %s", storageClass, StorageClass.knownValues());
            this.storageClass = storageClass;
            return this;
        }

        /**
         * SSE-S3: objects encrypted with S3-managed keys ({@code AES256}).
         *
         * @return this builder
         */
        public Builder serverSideEncryptionS3() {
            this.sse = "AES256";
            this.kmsKeyId = null;
            return this;
        }

        /**
         * SSE-KMS: objects encrypted with a KMS key.
         *
         * @param kmsKeyId the key id, ARN or alias; null for the account's default {@code aws/s3} key
         * @return this builder
         */
        public Builder serverSideEncryptionKms(String kmsKeyId) {
            this.sse = "aws:kms";
            this.kmsKeyId = kmsKeyId;
            return this;
        }

        /**
         * @param key a tag key
         * @param value its value
         * @return this builder
         */
        public Builder putTag(String key, String value) {
            tags.put(ConfigurationException.requireNonNull(key, "tag key"), ConfigurationException.requireNonNull(value, "tag value"));
            return this;
        }

        /**
         * @param key a user metadata key (stored as {@code x-amz-meta-<key>})
         * @param value its value
         * @return this builder
         */
        public Builder putMetadata(String key, String value) {
            metadata.put(ConfigurationException.requireNonNull(key, "metadata key"),
                    ConfigurationException.requireNonNull(value, "metadata value"));
            return this;
        }

        /**
         * How requests are shaped for the store: {@link S3Compatibility#AWS} for Amazon S3,
         * {@link S3Compatibility#PLAIN} for S3-compatible stores that reject the AWS SDK's newer
         * checksum headers and {@code aws-chunked} bodies, {@link S3Compatibility#GCS} for Google
         * Cloud Storage's XML API.
         *
         * @param compatibility default {@link S3Compatibility#AWS}
         * @return this builder
         */
        public Builder compatibility(S3Compatibility compatibility) {
            this.compatibility = ConfigurationException.requireNonNull(compatibility, "compatibility");
            return this;
        }

        /**
         * A header sent with every request that creates an object (PutObject and
         * CreateMultipartUpload), for store-specific settings the S3 API has no field for, such as
         * GCS's {@code x-goog-storage-class}. Signed like every other header.
         *
         * @param name a header name (letters, digits and hyphens)
         * @param value its value (no control characters)
         * @return this builder
         */
        public Builder putHeader(String name, String value) {
            ConfigurationException.requireNonNull(name, "header name");
            ConfigurationException.requireNonNull(value, "header value");
            ConfigurationException.check(name != null && name.matches("[A-Za-z0-9-]{1,128}"), "header name \"%s\" is not a token", name);
            ConfigurationException.check(value != null && value.chars().noneMatch(c -> c < 0x20 || c == 0x7f),
                    "the value of header %s must not be null or hold control characters", name);
            headers.put(name, value);
            return this;
        }

        /** @return the destination (creates the client; does no I/O) */
        public S3Destination build() {
            return new S3Destination(this);
        }
    }
}
