package org.datasetexport.dest.adls;

import org.datasetexport.engine.AbandonedRuns;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import com.azure.storage.file.datalake.DataLakeFileClient;
import com.azure.storage.file.datalake.DataLakeFileSystemClient;
import com.azure.storage.file.datalake.DataLakeServiceClientBuilder;
import com.azure.storage.file.datalake.models.DataLakeStorageException;
import com.azure.storage.file.datalake.models.ListPathsOptions;
import com.azure.storage.file.datalake.models.PathItem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.datasetexport.ConfigurationException;
import org.datasetexport.DestinationException;
import org.datasetexport.DestinationException.Operation;
import org.datasetexport.dest.adls.internal.AdlsErrors;
import org.datasetexport.dest.adls.internal.AppendOutput;
import org.datasetexport.dest.adls.internal.DaemonHttpClient;
import org.datasetexport.spi.Destination;
import org.datasetexport.spi.StagedOutput;
import org.datasetexport.spi.StoragePaths;

/**
 * Azure Data Lake Storage Gen2 (hierarchical namespace) with azure-storage-file-datalake: each file
 * is created under a temporary name in its target directory, appended to while it is written
 * (memory: one append chunk per open file), flushed with close, and renamed to its final name with
 * {@code If-None-Match: *}, so it appears atomically and never overwrites; abort deletes the
 * temporary file. Directories are created as needed. Thread-safe.
 *
 * <pre>{@code
 * AdlsDestination adls = AdlsDestination.builder()
 *         .account("acmelake").fileSystem("exports").path("datasets")
 *         .credentials(AdlsCredentials.servicePrincipal(tenantId, clientId, clientSecret))
 *         .build();
 * }</pre>
 *
 * <p>Defaults: endpoint {@code https://<account>.dfs.core.windows.net}, append chunk 8 MiB,
 * exponential retries with 4 tries.
 */
public final class AdlsDestination implements Destination {
    private static final Pattern TEMP = Pattern.compile("\\..+\\.[0-9a-f]{8}\\.part");

    private final DataLakeFileSystemClient fileSystem;
    private final String fileSystemName;
    private final String root;
    private final String id;
    private final int chunkSize;
    private final String description;
    private final DaemonHttpClient http;

    private AdlsDestination(Builder b) {
        ConfigurationException.check(b.fileSystem != null, "an ADLS destination needs a file system");
        ConfigurationException.check(b.credentials != null, "an ADLS destination needs credentials");
        ConfigurationException.check(b.account != null || b.endpoint != null, "an ADLS destination needs the account or an endpoint");
        String endpoint = b.endpoint != null ? b.endpoint : "https://" + b.account + ".dfs.core.windows.net";
        this.http = new DaemonHttpClient("adls");
        DataLakeServiceClientBuilder service = new DataLakeServiceClientBuilder().endpoint(endpoint).httpClient(http.azure())
                // the SDK's default try timeout is unbounded: a stalled request would hang an export forever
                .retryOptions(new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, b.maxTries,
                        (int) Math.min(Integer.MAX_VALUE, b.tryTimeout.toSeconds()), 1000L, 20_000L, null));
        switch (b.credentials.kind()) {
            case ACCOUNT_KEY -> {
                ConfigurationException.check(b.account != null, "an account key needs the account name");
                service.credential(new StorageSharedKeyCredential(b.account, b.credentials.secret()));
            }
            case SAS_TOKEN -> service.sasToken(b.credentials.secret());
            default -> service.credential(b.credentials.tokenCredential(http.azure()));
        }
        this.fileSystem = service.buildClient().getFileSystemClient(b.fileSystem);
        this.fileSystemName = b.fileSystem;
        this.root = b.path;
        this.chunkSize = b.chunkSize;
        this.id = b.id != null ? b.id : StoragePaths.sanitizeSegment("adls-" + (b.account != null ? b.account : "endpoint") + "-"
                + b.fileSystem + (root.isEmpty() ? "" : "-" + root));
        this.description = "AdlsDestination[id=" + id + ", endpoint=" + endpoint + ", fileSystem=" + b.fileSystem + ", path=" + root
                + ", credentials=" + b.credentials + ", chunkSize=" + chunkSize + "]";
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
        String target = StoragePaths.under(root, path);
        int slash = target.lastIndexOf('/');
        String tempPath = (slash < 0 ? "" : target.substring(0, slash + 1)) + "." + target.substring(slash + 1) + "."
                + UUID.randomUUID().toString().substring(0, 8) + ".part";
        try {
            if (exists(target)) {
                throw new FileAlreadyExistsException(path, null, "a file already exists at this path");
            }
            DataLakeFileClient temp = fileSystem.createFile(tempPath, false);
            return new AppendOutput(temp, fileSystem.getFileClient(target), target, path, chunkSize, id, fileSystemName);
        } catch (RuntimeException e) {
            throw AdlsErrors.translate(e, id, fileSystemName, path, Operation.CREATE);
        }
    }

    /** Without read permission the existence check is skipped: the conditional rename still refuses to overwrite. */
    private boolean exists(String target) {
        try {
            return fileSystem.getFileClient(target).exists();
        } catch (DataLakeStorageException e) {
            if (e.getStatusCode() == 403) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        ConfigurationException.requireNonNull(prefix, "prefix");
        List<String> paths = new ArrayList<>();
        for (PathItem item : walk(prefix)) {
            String name = item.getName();
            String leaf = name.substring(name.lastIndexOf('/') + 1);
            if (!item.isDirectory() && !TEMP.matcher(leaf).matches()) {
                String relative = root.isEmpty() ? name : name.substring(root.length() + 1);
                if (relative.startsWith(prefix)) {
                    paths.add(relative);
                }
            }
        }
        paths.sort(null);
        return paths;
    }

    private List<PathItem> walk(String prefix) {
        int slash = prefix.lastIndexOf('/');
        String dir = slash < 0 ? root : (root.isEmpty() ? prefix.substring(0, slash) : root + "/" + prefix.substring(0, slash));
        List<PathItem> items = new ArrayList<>();
        try {
            ListPathsOptions options = new ListPathsOptions().setRecursive(true);
            if (!dir.isEmpty()) {
                options.setPath(dir);
            }
            fileSystem.listPaths(options, null).forEach(items::add);
        } catch (DataLakeStorageException e) {
            if (e.getStatusCode() == 404 && String.valueOf(e.getErrorCode()).contains("PathNotFound")) {
                return items;
            }
            throw AdlsErrors.translate(e, id, fileSystemName, prefix, Operation.LIST);
        } catch (RuntimeException e) {
            throw AdlsErrors.translate(e, id, fileSystemName, prefix, Operation.LIST);
        }
        return items;
    }

    @Override
    public InputStream open(String path) throws IOException {
        String target = StoragePaths.under(root, path);
        try {
            DataLakeFileClient file = fileSystem.getFileClient(target);
            if (!file.exists()) {
                throw new NoSuchFileException(path);
            }
            return file.openInputStream().getInputStream();
        } catch (RuntimeException e) {
            throw AdlsErrors.translate(e, id, fileSystemName, path, Operation.OPEN);
        }
    }

    @Override
    public void delete(String path) {
        String target = StoragePaths.under(root, path);
        try {
            fileSystem.getFileClient(target).deleteIfExists();
        } catch (RuntimeException e) {
            throw AdlsErrors.translate(e, id, fileSystemName, path, Operation.DELETE);
        }
    }

    /** Writes a probe through the same create, append, flush and rename steps, lists it and deletes it. */
    @Override
    public void check() {
        String probe = "datasetexport-check-" + UUID.randomUUID() + ".tmp";
        try {
            try (StagedOutput out = create(probe)) {
                out.stream().write("datasetexport check".getBytes(StandardCharsets.UTF_8));
                out.commit();
            }
            if (!list(probe).contains(probe)) {
                throw new DestinationException(id, probe, Operation.CHECK, false, "a probe file was written but not listed", null);
            }
            delete(probe);
        } catch (DestinationException e) {
            throw new DestinationException(id, probe, Operation.CHECK, e.isRetryable(),
                    e.getMessage().replaceAll("^.*? failed: ", "").replaceAll(" \\((not )?retryable\\)$", ""), e);
        } catch (IOException e) {
            throw new DestinationException(id, probe, Operation.CHECK, true, e.getMessage(), e);
        }
    }

    /** Deletes temporary {@code .part} files under the path last modified before {@code now - olderThan}. */
    @Override
    public int cleanup(Duration olderThan) {
        ConfigurationException.requireNonNull(olderThan, "olderThan");
        OffsetDateTime limit = OffsetDateTime.now().minus(olderThan);
        int removed = abandonedRuns(olderThan);
        for (PathItem item : walk("")) {
            String leaf = item.getName().substring(item.getName().lastIndexOf('/') + 1);
            if (!item.isDirectory() && TEMP.matcher(leaf).matches() && !item.getLastModified().isAfter(limit)) {
                try {
                    fileSystem.getFileClient(item.getName()).deleteIfExists();
                    removed++;
                } catch (RuntimeException e) {
                    throw AdlsErrors.translate(e, id, fileSystemName, item.getName(), Operation.CLEANUP);
                }
            }
        }
        return removed;
    }

    /** The data files of runs that died before publishing ({@link AbandonedRuns}). */
    private int abandonedRuns(Duration olderThan) {
        try {
            return AbandonedRuns.remove(this, olderThan);
        } catch (java.io.IOException e) {
            throw new DestinationException(id, AbandonedRuns.MARKERS, Operation.CLEANUP, true, e.getMessage(), e);
        }
    }

    /** Releases the HTTP client's threads and connections. */
    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return description;
    }

    /** Builds an {@link AdlsDestination}. Not thread-safe. */
    public static final class Builder {
        private String account;
        private String endpoint;
        private String fileSystem;
        private String path = "";
        private AdlsCredentials credentials;
        private int chunkSize = 8 * 1024 * 1024;
        private int maxTries = 8;
        private Duration tryTimeout = Duration.ofMinutes(2);
        private String id;

        private Builder() {
        }

        /**
         * @param account the storage account (hierarchical namespace enabled)
         * @return this builder
         */
        public Builder account(String account) {
            this.account = ConfigurationException.requireNonNull(account, "account");
            return this;
        }

        /**
         * @param endpoint the DFS endpoint ({@code https://acct.dfs.core.windows.net}, or a test server's)
         * @return this builder
         */
        public Builder endpoint(String endpoint) {
            this.endpoint = ConfigurationException.requireNonNull(endpoint, "endpoint");
            return this;
        }

        /**
         * @param fileSystem the file system (container); must exist
         * @return this builder
         */
        public Builder fileSystem(String fileSystem) {
            ConfigurationException.requireNonNull(fileSystem, "fileSystem");
            ConfigurationException.check(fileSystem != null && fileSystem.matches("[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]"),
                    "fileSystem \"%s\" is not a valid file system name", fileSystem);
            this.fileSystem = fileSystem;
            return this;
        }

        /**
         * @param path the directory exports go to; leading and trailing slashes are ignored
         * @return this builder
         */
        public Builder path(String path) {
            this.path = StoragePaths.normalizePrefix(path, "path");
            return this;
        }

        /**
         * @param credentials service principal, account key, SAS token or token credential
         * @return this builder
         */
        public Builder credentials(AdlsCredentials credentials) {
            this.credentials = ConfigurationException.requireNonNull(credentials, "credentials");
            return this;
        }

        /**
         * @param bytes bytes per append, 1 MiB to 100 MiB; memory per open file
         * @return this builder
         */
        public Builder chunkSize(long bytes) {
            ConfigurationException.check(bytes >= 1024 * 1024 && bytes <= 100L * 1024 * 1024, "chunkSize must be 1 MiB to 100 MiB, got %d", bytes);
            this.chunkSize = (int) bytes;
            return this;
        }

        /**
         * @param timeout how long one attempt of one request (an append) may take before it is
         *        abandoned and retried; at least 1 s, default 2 minutes
         * @return this builder
         */
        public Builder tryTimeout(Duration timeout) {
            ConfigurationException.requireNonNull(timeout, "tryTimeout");
            ConfigurationException.check(timeout.toSeconds() >= 1, "tryTimeout must be at least 1 s, got %s", timeout);
            this.tryTimeout = timeout;
            return this;
        }

        /**
         * @param tries attempts per request (exponential backoff 1 s to 20 s), 1 to 10; default 8
         * @return this builder
         */
        public Builder maxTries(int tries) {
            ConfigurationException.check(tries >= 1 && tries <= 10, "maxTries must be 1 to 10, got %d", tries);
            this.maxTries = tries;
            return this;
        }

        /**
         * @param id the destination id; default {@code adls-<account>-<fileSystem>-<path>}
         * @return this builder
         */
        public Builder id(String id) {
            this.id = StoragePaths.requireValidSegment(id, "destination id");
            return this;
        }

        /** @return the destination (builds the client; does no I/O) */
        public AdlsDestination build() {
            return new AdlsDestination(this);
        }
    }
}
