package org.datasetexport.dest.azure;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.AccessTier;
import com.azure.storage.common.StorageSharedKeyCredential;
import org.datasetexport.ConfigurationException;
import org.datasetexport.dest.azure.internal.BlobContainerStore;
import org.datasetexport.dest.azure.internal.DaemonHttpClient;
import org.datasetexport.spi.StoragePaths;

/**
 * Azure Blob Storage with azure-storage-blob: files are uploaded as staged blocks while they are
 * written (bounded memory, several blocks in flight, Content-MD5 on each) and appear only when the
 * block list is committed, conditionally, so an existing blob is never overwritten. Thread-safe;
 * close it to release its threads.
 *
 * <pre>{@code
 * AzureBlobDestination blob = AzureBlobDestination.builder()
 *         .account("acmeexports").container("exports").prefix("datasets")
 *         .credentials(AzureCredentials.connectionString(System.getenv("AZURE_STORAGE_CONNECTION_STRING")))
 *         .build();
 * }</pre>
 *
 * <p>Defaults: endpoint {@code https://<account>.blob.core.windows.net} (or the connection
 * string's), block size 8 MiB, 4 blocks in flight (memory per open file: block size × 5), the
 * account's default access tier, exponential retries with 4 tries.
 */
public final class AzureBlobDestination extends ContainerDestination {

    private AzureBlobDestination(Builder b, BlobContainerClient container, String id, DaemonHttpClient http) {
        super(new BlobContainerStore(container, b.prefix, id, b.blockSize, b.blocksInFlight, b.tier, http), id,
                "AzureBlobDestination[id=" + id + ", account=" + container.getAccountName() + ", container=" + b.container
                        + ", prefix=" + b.prefix + ", credentials=" + b.credentials + ", blockSize=" + b.blockSize
                        + ", blocksInFlight=" + b.blocksInFlight + "]");
    }

    private static AzureBlobDestination create(Builder b) {
        ConfigurationException.check(b.container != null, "an Azure Blob destination needs a container");
        ConfigurationException.check(b.credentials != null, "an Azure Blob destination needs credentials");
        DaemonHttpClient http = new DaemonHttpClient("azure");
        BlobServiceClientBuilder service = new BlobServiceClientBuilder().httpClient(http.azure())
                .retryOptions(ContainerDestination.retryOptions(b.maxTries, b.tryTimeout));
        AzureCredentials c = b.credentials;
        switch (c.kind()) {
            case CONNECTION_STRING -> service.connectionString(c.secret());
            case ACCOUNT_KEY -> service.endpoint(endpoint(b, c.accountName())).credential(new StorageSharedKeyCredential(c.accountName(), c.secret()));
            case SAS_TOKEN -> service.endpoint(endpoint(b, b.account)).sasToken(c.secret());
            case TOKEN_CREDENTIAL -> service.endpoint(endpoint(b, b.account)).credential(c.tokenCredential());
        }
        if (c.kind() == AzureCredentials.Kind.CONNECTION_STRING && b.endpoint != null) {
            service.endpoint(b.endpoint);
        }
        BlobContainerClient container;
        try {
            container = service.buildClient().getBlobContainerClient(b.container);
        } catch (RuntimeException e) {
            http.close();
            throw e;
        }
        String account = b.account != null ? b.account : c.accountName() != null ? c.accountName() : container.getAccountName();
        String id = b.id != null ? b.id : StoragePaths.sanitizeSegment("azure-" + account + "-" + b.container
                + (b.prefix.isEmpty() ? "" : "-" + b.prefix));
        return new AzureBlobDestination(b, container, id, http);
    }

    private static String endpoint(Builder b, String account) {
        if (b.endpoint != null) {
            return b.endpoint;
        }
        ConfigurationException.check(account != null, "an Azure Blob destination needs the account name or an endpoint");
        return "https://" + account + ".blob.core.windows.net";
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds an {@link AzureBlobDestination}. Not thread-safe. */
    public static final class Builder {
        private String account;
        private String endpoint;
        private String container;
        private String prefix = "";
        private AzureCredentials credentials;
        private int blockSize = 8 * 1024 * 1024;
        private int blocksInFlight = 4;
        private AccessTier tier;
        private int maxTries = ContainerDestination.DEFAULT_MAX_TRIES;
        private Duration tryTimeout = ContainerDestination.DEFAULT_TRY_TIMEOUT;
        private String id;

        private Builder() {
        }

        /**
         * @param account the storage account name
         * @return this builder
         */
        public Builder account(String account) {
            this.account = ConfigurationException.requireNonNull(account, "account");
            return this;
        }

        /**
         * @param endpoint the blob service endpoint ({@code https://acct.blob.core.windows.net}, or an emulator's)
         * @return this builder
         */
        public Builder endpoint(String endpoint) {
            this.endpoint = ConfigurationException.requireNonNull(endpoint, "endpoint");
            return this;
        }

        /**
         * @param container the container (must exist)
         * @return this builder
         */
        public Builder container(String container) {
            ConfigurationException.requireNonNull(container, "container");
            ConfigurationException.check(container != null && container.matches("[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]"),
                    "container \"%s\" is not a valid Azure container name", container);
            this.container = container;
            return this;
        }

        /**
         * @param prefix blob name prefix; leading and trailing slashes are ignored
         * @return this builder
         */
        public Builder prefix(String prefix) {
            this.prefix = StoragePaths.normalizePrefix(prefix, "prefix");
            return this;
        }

        /**
         * @param credentials connection string, account key, SAS token or token credential
         * @return this builder
         */
        public Builder credentials(AzureCredentials credentials) {
            this.credentials = ConfigurationException.requireNonNull(credentials, "credentials");
            return this;
        }

        /**
         * @param bytes block size, 1 MiB to 256 MiB; a blob may have 50,000 blocks
         * @return this builder
         */
        public Builder blockSize(long bytes) {
            this.blockSize = ContainerDestination.requireBlockSize(bytes);
            return this;
        }

        /**
         * @param blocks blocks staged at once per file, 1 to 32
         * @return this builder
         */
        public Builder blocksInFlight(int blocks) {
            this.blocksInFlight = ContainerDestination.requireBlocksInFlight(blocks);
            return this;
        }

        /**
         * @param tier {@code Hot}, {@code Cool}, {@code Cold} or {@code Archive}
         * @return this builder
         */
        public Builder accessTier(String tier) {
            ConfigurationException.requireNonNull(tier, "accessTier");
            ConfigurationException.check(List.of("hot", "cool", "cold", "archive").contains(tier.toLowerCase(Locale.ROOT)),
                    "accessTier must be Hot, Cool, Cold or Archive, got \"%s\"", tier);
            this.tier = AccessTier.fromString(tier.substring(0, 1).toUpperCase(Locale.ROOT) + tier.substring(1).toLowerCase(Locale.ROOT));
            return this;
        }

        /**
         * @param tries attempts per request (exponential backoff 1 s to 20 s), 1 to 10; default 8, which
         *        rides out about a minute of network outage during an upload
         * @return this builder
         */
        public Builder maxTries(int tries) {
            this.maxTries = ContainerDestination.requireMaxTries(tries);
            return this;
        }

        /**
         * @param timeout how long one attempt of one request (a block upload) may take before it is
         *        abandoned and retried; at least 1 s, default 2 minutes
         * @return this builder
         */
        public Builder tryTimeout(Duration timeout) {
            this.tryTimeout = ContainerDestination.requireTryTimeout(timeout);
            return this;
        }

        /**
         * @param id the destination id; default {@code azure-<account>-<container>-<prefix>}
         * @return this builder
         */
        public Builder id(String id) {
            this.id = StoragePaths.requireValidSegment(id, "destination id");
            return this;
        }

        /** @return the destination (builds the client; does no I/O) */
        public AzureBlobDestination build() {
            return AzureBlobDestination.create(this);
        }
    }
}
