package org.datasetexport.dest.azure;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobContainerClientBuilder;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Optional;
import org.datasetexport.ConfigurationException;
import org.datasetexport.dest.azure.internal.BlobContainerStore;
import org.datasetexport.dest.azure.internal.DaemonHttpClient;
import org.datasetexport.spi.StoragePaths;
import org.datasetexport.spi.UriRedaction;

/**
 * The Data Landing Zone: an Azure Blob container reached with a container SAS URI only
 * ({@code https://account.blob.core.windows.net/container?sv=…&sig=…}), as the platform hands it
 * out. Uploads work as in {@link AzureBlobDestination}. Files in a landing zone expire after 7
 * days, and the SAS must allow write, list and delete: {@link #check()} says so when it does not.
 * {@code toString()} and messages never contain the SAS signature. Thread-safe.
 */
public final class DataLandingZoneDestination extends ContainerDestination {

    private DataLandingZoneDestination(BlobContainerStore store, String id, String description) {
        super(store, id, description);
    }

    private static DataLandingZoneDestination create(String sasUri, String prefix, String givenId, int blockSize,
                                                     int blocksInFlight, int maxTries, Duration tryTimeout) {
        URI uri;
        try {
            uri = new URI(ConfigurationException.requireNonNull(sasUri, "sasUri"));
        } catch (URISyntaxException e) {
            // neither the input nor the parser's message (which quotes it) may carry the signature into a message
            throw new ConfigurationException("sasUri is not a URL (" + e.getReason() + " at index " + e.getIndex() + "): "
                    + UriRedaction.redact(sasUri));
        }
        ConfigurationException.check("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()),
                "sasUri must be an https URL, got %s", UriRedaction.redact(sasUri));
        ConfigurationException.check(uri.getQuery() != null && uri.getQuery().contains("sig="),
                "sasUri must be a container URL with a SAS (…/container?sv=…&sig=…)");
        String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("^/+|/+$", "");
        ConfigurationException.check(!path.isEmpty(), "sasUri names no container");
        String containerName = path.substring(path.lastIndexOf('/') + 1);
        BlobContainerClient container;
        DaemonHttpClient http = new DaemonHttpClient("dlz");
        try {
            container = new BlobContainerClientBuilder().endpoint(sasUri).httpClient(http.azure())
                    .retryOptions(ContainerDestination.retryOptions(maxTries, tryTimeout))
                    .buildClient();
        } catch (IllegalArgumentException e) {
            http.close();
            throw new ConfigurationException("sasUri is not a container SAS URL the Azure client accepts: "
                    + UriRedaction.redact(sasUri));
        }
        String p = StoragePaths.normalizePrefix(prefix, "prefix");
        String id = givenId != null ? givenId : StoragePaths.sanitizeSegment("dlz-" + containerName + (p.isEmpty() ? "" : "-" + p));
        BlobContainerStore store = new BlobContainerStore(container, p, id, blockSize,
                blocksInFlight, null, http);
        return new DataLandingZoneDestination(store, id, "DataLandingZoneDestination[id=" + id + ", container="
                + uri.getScheme() + "://" + uri.getAuthority() + "/" + path + "?<SAS>, prefix=" + p + "]");
    }

    /** @return {@code dlz}, the URI scheme */
    @Override
    public String type() {
        return "dlz";
    }

    /** @return 7 days: the platform removes files from the Data Landing Zone then */
    @Override
    public Optional<Duration> fileLifetime() {
        return Optional.of(Duration.ofDays(7));
    }

    /**
     * @param sasUri the container SAS URI from the platform
     * @return a landing zone destination at the container root
     */
    public static DataLandingZoneDestination of(String sasUri) {
        return builder(sasUri).build();
    }

    /**
     * @param sasUri the container SAS URI from the platform
     * @return a builder
     */
    public static Builder builder(String sasUri) {
        return new Builder(ConfigurationException.requireNonNull(sasUri, "sasUri"));
    }

    /** Builds a {@link DataLandingZoneDestination}. Not thread-safe. */
    public static final class Builder {
        private final String sasUri;
        private String prefix = "";
        private String id;
        private int blockSize = 8 * 1024 * 1024;
        private int blocksInFlight = 4;
        private int maxTries = ContainerDestination.DEFAULT_MAX_TRIES;
        private Duration tryTimeout = ContainerDestination.DEFAULT_TRY_TIMEOUT;

        private Builder(String sasUri) {
            this.sasUri = sasUri;
        }

        /**
         * @param prefix blob name prefix inside the container
         * @return this builder
         */
        public Builder prefix(String prefix) {
            this.prefix = ConfigurationException.requireNonNull(prefix, "prefix");
            return this;
        }

        /**
         * @param id the destination id; default {@code dlz-<container>-<prefix>}
         * @return this builder
         */
        public Builder id(String id) {
            this.id = StoragePaths.requireValidSegment(id, "destination id");
            return this;
        }

        /**
         * @param bytes block size, 1 MiB to 256 MiB; default 8 MiB
         * @return this builder
         */
        public Builder blockSize(long bytes) {
            this.blockSize = ContainerDestination.requireBlockSize(bytes);
            return this;
        }

        /**
         * @param blocks blocks staged at once per file, 1 to 32; default 4
         * @return this builder
         */
        public Builder blocksInFlight(int blocks) {
            this.blocksInFlight = ContainerDestination.requireBlocksInFlight(blocks);
            return this;
        }

        /**
         * @param tries attempts per request, 1 to 10; default 4
         * @return this builder
         */
        public Builder maxTries(int tries) {
            this.maxTries = ContainerDestination.requireMaxTries(tries);
            return this;
        }

        /**
         * @param timeout how long one attempt of one request may take before it is abandoned and
         *        retried; at least 1 s, default 2 minutes
         * @return this builder
         */
        public Builder tryTimeout(Duration timeout) {
            this.tryTimeout = ContainerDestination.requireTryTimeout(timeout);
            return this;
        }

        /** @return the destination */
        public DataLandingZoneDestination build() {
            return DataLandingZoneDestination.create(sasUri, prefix, id, blockSize, blocksInFlight, maxTries, tryTimeout);
        }
    }
}
