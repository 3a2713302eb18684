package org.datasetexport.dest.gcs;

import org.datasetexport.engine.AbandonedRuns;
import com.google.cloud.WriteChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageClass;
import com.google.cloud.storage.StorageException;
import com.google.cloud.http.HttpTransportOptions;
import com.google.cloud.storage.StorageOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.datasetexport.ConfigurationException;
import org.datasetexport.DestinationException;
import org.datasetexport.DestinationException.Operation;
import org.datasetexport.dest.gcs.internal.GcsErrors;
import org.datasetexport.dest.gcs.internal.HmacXmlApi;
import org.datasetexport.dest.gcs.internal.ResumableOutput;
import org.datasetexport.spi.Destination;
import org.datasetexport.spi.OutputInfo;
import org.datasetexport.spi.StagedOutput;
import org.datasetexport.spi.StoragePaths;

/**
 * Google Cloud Storage. With a service-account key or Application Default Credentials it uses the
 * JSON API through {@code google-cloud-storage}: each file is a resumable upload whose chunks are
 * sent while it is written (memory: one chunk per open file), published by the final chunk under a
 * {@code doesNotExist} precondition and checked by CRC32C. With an HMAC key (the platform's method)
 * it uses GCS's S3-compatible XML API, signed by the AWS SDK (an {@code S3Destination} in its GCS
 * compatibility mode pointed at {@code https://storage.googleapis.com}), because the JSON API does
 * not accept HMAC keys; that path needs the optional dependency {@code export-dest-s3}, and without
 * it building the destination fails with a {@link ConfigurationException} naming it.
 * Thread-safe; close it to release clients.
 *
 * <p>Defaults: chunk size 8 MiB, the bucket's storage class, Google-managed encryption, the
 * client's retry settings with 5 attempts.
 */
public final class GcsDestination implements Destination {
    private final String bucket;
    private final String prefix;
    private final String id;
    private final int chunkSize;
    private final String storageClass;
    private final String kmsKeyName;
    private final GcsCredentials credentials;
    private final Storage storage;
    private final Destination xml;

    private GcsDestination(Builder b) {
        ConfigurationException.check(b.bucket != null, "a GCS destination needs a bucket");
        this.bucket = b.bucket;
        this.prefix = b.prefix;
        this.chunkSize = b.chunkSize;
        this.storageClass = b.storageClass;
        this.kmsKeyName = b.kmsKeyName;
        this.credentials = b.credentials;
        this.id = b.id != null ? b.id : StoragePaths.sanitizeSegment("gcs-" + bucket + (prefix.isEmpty() ? "" : "-" + prefix));
        if (credentials.kind() == GcsCredentials.Kind.HMAC) {
            ConfigurationException.check(b.client == null, "a GCS destination with an HMAC key uses the XML API and cannot "
                    + "use a google-cloud-storage client; pass either client(...) or HMAC credentials");
            ConfigurationException.check(b.projectId == null, "a GCS destination with an HMAC key has no use for a "
                    + "projectId (the key belongs to one); leave it out");
            HmacXmlApi.requireAvailable();
            this.storage = null;
            this.xml = HmacXmlApi.create(new HmacXmlApi.Settings(bucket, prefix, id, b.endpoint, credentials.accessKeyId(),
                    credentials.secret(), chunkSize, b.maxAttempts, b.readTimeout, b.totalTimeout, storageClass, kmsKeyName));
        } else if (b.client != null) {
            this.storage = b.client;
            this.xml = null;
        } else {
            StorageOptions.Builder options = StorageOptions.http().setCredentials(credentials.toGoogleCredentials())
                    .setRetrySettings(StorageOptions.getDefaultRetrySettings().toBuilder().setMaxAttempts(b.maxAttempts)
                            .setTotalTimeoutDuration(b.totalTimeout).build())
                    // a stalled chunk upload is noticed after the read timeout and retried
                    .setTransportOptions(HttpTransportOptions.newBuilder()
                            .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, b.readTimeout.toMillis()))
                            .setReadTimeout((int) Math.min(Integer.MAX_VALUE, b.readTimeout.toMillis())).build());
            if (b.projectId != null) {
                options.setProjectId(b.projectId);
            }
            if (b.endpoint != null) {
                options.setHost(b.endpoint);
            }
            this.storage = options.build().getService();
            this.xml = null;
        }
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public StagedOutput create(String path) throws IOException {
        return create(path, null);
    }

    /** Records the run id and dataset id as object metadata. */
    @Override
    public StagedOutput create(String path, OutputInfo info) throws IOException {
        if (xml != null) {
            return xml.create(path, info);
        }
        BlobId blobId = BlobId.of(bucket, StoragePaths.under(prefix, path));
        try {
            if (exists(blobId)) {
                throw new FileAlreadyExistsException(path, null, "an object already exists at this path");
            }
            Map<String, String> metadata = new LinkedHashMap<>();
            if (info != null) {
                metadata.put("datasetexport-run-id", info.runId());
                metadata.put("datasetexport-dataset-id", info.datasetId());
            }
            BlobInfo.Builder blob = BlobInfo.newBuilder(blobId).setMetadata(metadata);
            if (storageClass != null) {
                blob.setStorageClass(StorageClass.valueOf(storageClass));
            }
            List<Storage.BlobWriteOption> writeOptions = new ArrayList<>();
            writeOptions.add(Storage.BlobWriteOption.doesNotExist());
            if (kmsKeyName != null) {
                writeOptions.add(Storage.BlobWriteOption.kmsKeyName(kmsKeyName));
            }
            WriteChannel channel = storage.writer(blob.build(), writeOptions.toArray(new Storage.BlobWriteOption[0]));
            channel.setChunkSize(chunkSize);
            return new ResumableOutput(storage, blobId, channel, path, id);
        } catch (StorageException e) {
            throw GcsErrors.translate(e, id, bucket, path, Operation.CREATE);
        }
    }

    /** A write-only role (roles/storage.objectCreator) may not read metadata: then the doesNotExist precondition decides. */
    private boolean exists(BlobId blobId) {
        try {
            return storage.get(blobId) != null;
        } catch (StorageException e) {
            if (e.getCode() == 403) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public List<String> list(String pathPrefix) throws IOException {
        if (xml != null) {
            return xml.list(pathPrefix);
        }
        ConfigurationException.requireNonNull(pathPrefix, "prefix");
        List<String> paths = new ArrayList<>();
        try {
            for (Blob blob : storage.list(bucket, Storage.BlobListOption.prefix(StoragePaths.folder(prefix) + pathPrefix)).iterateAll()) {
                paths.add(blob.getName().substring(StoragePaths.folder(prefix).length()));
            }
        } catch (StorageException e) {
            throw GcsErrors.translate(e, id, bucket, pathPrefix, Operation.LIST);
        }
        paths.sort(null);
        return paths;
    }

    @Override
    public InputStream open(String path) throws IOException {
        if (xml != null) {
            return xml.open(path);
        }
        BlobId blobId = BlobId.of(bucket, StoragePaths.under(prefix, path));
        try {
            if (storage.get(blobId) == null) {
                throw new NoSuchFileException(path);
            }
            return Channels.newInputStream(storage.reader(blobId));
        } catch (StorageException e) {
            throw GcsErrors.translate(e, id, bucket, path, Operation.OPEN);
        }
    }

    @Override
    public void delete(String path) throws IOException {
        if (xml != null) {
            xml.delete(path);
            return;
        }
        BlobId blobId = BlobId.of(bucket, StoragePaths.under(prefix, path));
        try {
            storage.delete(blobId);
        } catch (StorageException e) {
            throw GcsErrors.translate(e, id, bucket, path, Operation.DELETE);
        }
    }

    /** Writes (with the doesNotExist precondition), lists and deletes a probe object under the prefix. */
    @Override
    public void check() {
        if (xml != null) {
            xml.check();
            return;
        }
        String probe = ".datasetexport-check-" + UUID.randomUUID();
        String step = "write";
        try {
            storage.create(BlobInfo.newBuilder(BlobId.of(bucket, StoragePaths.under(prefix, probe))).build(),
                    "datasetexport check".getBytes(StandardCharsets.UTF_8), Storage.BlobTargetOption.doesNotExist());
            step = "list";
            if (!list(probe).contains(probe)) {
                throw new DestinationException(id, probe, Operation.CHECK, false, "a probe object was written but not listed", null);
            }
            step = "delete";
            storage.delete(BlobId.of(bucket, StoragePaths.under(prefix, probe)));
        } catch (StorageException e) {
            DestinationException d = GcsErrors.translate(e, id, bucket, probe, Operation.CHECK);
            throw new DestinationException(id, probe, Operation.CHECK, d.isRetryable(), step + " failed: "
                    + d.getMessage().replaceAll("^.*? failed: ", "").replaceAll(" \\((not )?retryable\\)$", ""), e);
        } catch (IOException e) {
            throw new DestinationException(id, probe, Operation.CHECK, true, step + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Removes the data files of runs that died before publishing ({@link AbandonedRuns}). JSON API:
     * nothing else to remove (an unfinished resumable session never creates an object and expires
     * after a week). HMAC/XML API: also aborts stale multipart uploads, as for S3.
     */
    @Override
    public int cleanup(Duration olderThan) throws IOException {
        // over the XML API every file goes through the S3 destination, whose cleanup also removes abandoned runs
        return xml != null ? xml.cleanup(olderThan) : AbandonedRuns.remove(this, olderThan);
    }

    @Override
    public void close() {
        if (xml != null) {
            xml.close();
        } else {
            try {
                storage.close();
            } catch (Exception ignored) {
                // nothing left to release
            }
        }
    }

    @Override
    public String toString() {
        return "GcsDestination[id=" + id + ", bucket=" + bucket + ", prefix=" + prefix + ", credentials=" + credentials
                + ", api=" + (xml != null ? "XML (HMAC)" : "JSON") + ", chunkSize=" + chunkSize + "]";
    }

    /** Builds a {@link GcsDestination}. Not thread-safe. */
    public static final class Builder {
        private String bucket;
        private String prefix = "";
        private String projectId;
        private GcsCredentials credentials = GcsCredentials.applicationDefault();
        private String endpoint;
        private int chunkSize = 8 * 1024 * 1024;
        private String storageClass;
        private String kmsKeyName;
        private int maxAttempts = 8;
        private Duration readTimeout = Duration.ofMinutes(1);
        private Duration totalTimeout = Duration.ofMinutes(10);
        private String id;
        private Storage client;

        private Builder() {
        }

        /**
         * Uses a client the app configured itself (its own transport, credentials or retry settings);
         * then {@code credentials}, {@code projectId}, {@code endpoint} and {@code maxAttempts} are not
         * used. Also a test seam: {@code LocalStorageHelper.getOptions().getService()}.
         *
         * @param client a google-cloud-storage client; closed with this destination
         * @return this builder
         */
        public Builder client(Storage client) {
            this.client = ConfigurationException.requireNonNull(client, "client");
            return this;
        }

        /**
         * @param bucket the bucket (must exist)
         * @return this builder
         */
        public Builder bucket(String bucket) {
            ConfigurationException.requireNonNull(bucket, "bucket");
            ConfigurationException.check(bucket != null && bucket.matches("[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]"),
                    "bucket \"%s\" is not a valid GCS bucket name", bucket);
            this.bucket = bucket;
            return this;
        }

        /**
         * @param prefix object name prefix; leading and trailing slashes are ignored
         * @return this builder
         */
        public Builder prefix(String prefix) {
            this.prefix = StoragePaths.normalizePrefix(prefix, "prefix");
            return this;
        }

        /**
         * @param projectId the project (needed by some credentials); default from the credentials
         * @return this builder
         */
        public Builder projectId(String projectId) {
            this.projectId = ConfigurationException.requireNonNull(projectId, "projectId");
            return this;
        }

        /**
         * @param credentials service-account key, application default, or HMAC key; default application default
         * @return this builder
         */
        public Builder credentials(GcsCredentials credentials) {
            this.credentials = ConfigurationException.requireNonNull(credentials, "credentials");
            return this;
        }

        /**
         * @param endpoint an endpoint override ({@code http://127.0.0.1:4443}); for HMAC the XML API endpoint
         * @return this builder
         */
        public Builder endpoint(String endpoint) {
            this.endpoint = ConfigurationException.requireNonNull(endpoint, "endpoint");
            return this;
        }

        /**
         * @param bytes resumable chunk size, a multiple of 256 KiB from 256 KiB to 256 MiB; memory per open file
         * @return this builder
         */
        public Builder chunkSize(long bytes) {
            ConfigurationException.check(bytes >= 256 * 1024 && bytes <= 256L * 1024 * 1024 && bytes % (256 * 1024) == 0,
                    "chunkSize must be a multiple of 256 KiB from 256 KiB to 256 MiB, got %d", bytes);
            this.chunkSize = (int) bytes;
            return this;
        }

        /**
         * @param storageClass {@code STANDARD}, {@code NEARLINE}, {@code COLDLINE} or {@code ARCHIVE}
         * @return this builder
         */
        public Builder storageClass(String storageClass) {
            ConfigurationException.requireNonNull(storageClass, "storageClass");
            ConfigurationException.check(List.of("STANDARD", "NEARLINE", "COLDLINE", "ARCHIVE").contains(storageClass),
                    "storageClass must be STANDARD, NEARLINE, COLDLINE or ARCHIVE, got \"%s\"", storageClass);
            this.storageClass = storageClass;
            return this;
        }

        /**
         * @param kmsKeyName a Cloud KMS key ({@code projects/…/locations/…/keyRings/…/cryptoKeys/…})
         * @return this builder
         */
        public Builder kmsKeyName(String kmsKeyName) {
            this.kmsKeyName = ConfigurationException.requireNonNull(kmsKeyName, "kmsKeyName");
            return this;
        }

        /**
         * @param timeout how long a connection may stay silent (connect or read) before the request is
         *        abandoned and retried; at least 1 s, default 1 minute
         * @return this builder
         */
        public Builder readTimeout(Duration timeout) {
            ConfigurationException.requireNonNull(timeout, "readTimeout");
            ConfigurationException.check(timeout.toSeconds() >= 1, "readTimeout must be at least 1 s, got %s", timeout);
            this.readTimeout = timeout;
            return this;
        }

        /**
         * @param timeout how long one request may take over all its attempts and backoffs; at least
         *        1 s, default 10 minutes (the client's own default, 50 s, fails a chunk on a one-minute outage)
         * @return this builder
         */
        public Builder totalTimeout(Duration timeout) {
            ConfigurationException.requireNonNull(timeout, "totalTimeout");
            ConfigurationException.check(timeout.toSeconds() >= 1, "totalTimeout must be at least 1 s, got %s", timeout);
            this.totalTimeout = timeout;
            return this;
        }

        /**
         * @param attempts attempts per request with the client's exponential backoff, 1 to 20; default 8
         * @return this builder
         */
        public Builder maxAttempts(int attempts) {
            ConfigurationException.check(attempts >= 1 && attempts <= 20, "maxAttempts must be 1 to 20, got %d", attempts);
            this.maxAttempts = attempts;
            return this;
        }

        /**
         * @param id the destination id; default {@code gcs-<bucket>-<prefix>}
         * @return this builder
         */
        public Builder id(String id) {
            this.id = StoragePaths.requireValidSegment(id, "destination id");
            return this;
        }

        /** @return the destination (builds the client; does no I/O) */
        public GcsDestination build() {
            return new GcsDestination(this);
        }
    }
}
