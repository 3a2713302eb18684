package org.datasetexport.dest.azure.internal;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.AccessTier;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.specialized.BlockBlobClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.datasetexport.ConfigurationException;
import org.datasetexport.DestinationException;
import org.datasetexport.DestinationException.Operation;
import org.datasetexport.spi.OutputInfo;
import org.datasetexport.spi.StagedOutput;
import org.datasetexport.spi.StoragePaths;

/** The destination operations over one container and key prefix, shared by the Blob and Data Landing Zone destinations. */
public final class BlobContainerStore implements AutoCloseable {
    /** Metadata key of the run id on every data blob. */
    public static final String RUN_ID_METADATA = "datasetexport_run_id";
    /** Metadata key of the dataset id on every data blob. */
    public static final String DATASET_ID_METADATA = "datasetexport_dataset_id";

    private final BlobContainerClient container;
    private final String prefix;
    private final String id;
    private final int blockSize;
    private final int blocksInFlight;
    private final AccessTier tier;
    private final ExecutorService uploads;
    private final DaemonHttpClient http;

    /**
     * @param container the container client (authenticated)
     * @param prefix key prefix, no leading or trailing slash, may be empty
     * @param id the destination id
     * @param blockSize bytes per staged block
     * @param blocksInFlight blocks staged at once per blob
     * @param tier access tier of committed blobs, or null for the account default
     * @param http the HTTP client the container client uses, closed with this store
     */
    public BlobContainerStore(BlobContainerClient container, String prefix, String id, int blockSize, int blocksInFlight,
                              AccessTier tier, DaemonHttpClient http) {
        this.container = container;
        this.prefix = prefix;
        this.id = id;
        this.blockSize = blockSize;
        this.blocksInFlight = blocksInFlight;
        this.tier = tier;
        this.http = http;
        AtomicInteger n = new AtomicInteger();
        this.uploads = Executors.newFixedThreadPool(blocksInFlight * 2, r -> {
            Thread t = new Thread(r, "datasetexport-azure-" + id + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** @return the container name */
    public String containerName() {
        return container.getBlobContainerName();
    }

    /**
     * @param path the final path
     * @param info run and dataset, recorded as blob metadata, or null
     * @return the staged blob
     * @throws IOException when the blob exists already
     */
    public StagedOutput create(String path, OutputInfo info) throws IOException {
        BlockBlobClient blob = container.getBlobClient(StoragePaths.under(prefix, path)).getBlockBlobClient();
        try {
            if (blob.exists()) {
                throw new FileAlreadyExistsException(path, null, "a blob already exists at this path");
            }
        } catch (BlobStorageException e) {
            // a landing-zone SAS may allow write, list and delete but not read: the existence check is
            // only an early warning, the conditional commit still refuses to overwrite
            if (e.getStatusCode() != 403) {
                throw AzureErrors.translate(e, id, containerName(), path, Operation.CREATE);
            }
        } catch (RuntimeException e) {
            throw AzureErrors.translate(e, id, containerName(), path, Operation.CREATE);
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        if (info != null) {
            metadata.put(RUN_ID_METADATA, info.runId());
            metadata.put(DATASET_ID_METADATA, info.datasetId());
        }
        // blocks grow with the export's maxFileSize so the 50,000-block limit is never hit
        int size = info == null ? blockSize : (int) Math.min(4000L * 1024 * 1024, info.partSizeFor(blockSize, BlockUpload.MAX_BLOCKS));
        return new BlockUpload(new BlockUpload.Settings(uploads, id, containerName(), size, blocksInFlight, tier, metadata),
                blob, path);
    }

    /**
     * @param pathPrefix a plain string prefix
     * @return committed blobs under it, relative, sorted
     */
    public List<String> list(String pathPrefix) {
        ConfigurationException.requireNonNull(pathPrefix, "prefix");
        List<String> paths = new ArrayList<>();
        try {
            for (BlobItem item : container.listBlobs(new ListBlobsOptions().setPrefix(StoragePaths.folder(prefix) + pathPrefix), null)) {
                paths.add(item.getName().substring(StoragePaths.folder(prefix).length()));
            }
        } catch (RuntimeException e) {
            throw AzureErrors.translate(e, id, containerName(), pathPrefix, Operation.LIST);
        }
        paths.sort(null);
        return paths;
    }

    /**
     * @param path a committed blob
     * @return its bytes
     * @throws NoSuchFileException when there is none
     */
    public InputStream open(String path) throws IOException {
        String key = StoragePaths.under(prefix, path);
        try {
            return container.getBlobClient(key).openInputStream();
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 404) {
                throw new NoSuchFileException(path);
            }
            throw AzureErrors.translate(e, id, containerName(), path, Operation.OPEN);
        } catch (RuntimeException e) {
            throw AzureErrors.translate(e, id, containerName(), path, Operation.OPEN);
        }
    }

    /** @param path a blob to delete; missing is fine */
    public void delete(String path) {
        String key = StoragePaths.under(prefix, path);
        try {
            container.getBlobClient(key).deleteIfExists();
        } catch (RuntimeException e) {
            throw AzureErrors.translate(e, id, containerName(), path, Operation.DELETE);
        }
    }

    /** Writes, lists and deletes a probe blob; names the step that failed. */
    public void check() {
        String probe = ".datasetexport-check-" + UUID.randomUUID();
        String step = "write";
        try {
            container.getBlobClient(StoragePaths.under(prefix, probe)).upload(BinaryData.fromString("datasetexport check"), false);
            step = "list";
            if (!list(probe).contains(probe)) {
                throw new DestinationException(id, probe, Operation.CHECK, false, "a probe blob was written but not listed", null);
            }
            step = "delete";
            container.getBlobClient(StoragePaths.under(prefix, probe)).delete();
        } catch (DestinationException e) {
            throw new DestinationException(id, probe, Operation.CHECK, e.isRetryable(), step + " failed: " + detail(e), e);
        } catch (RuntimeException e) {
            DestinationException d = AzureErrors.translate(e, id, containerName(), probe, Operation.CHECK);
            throw new DestinationException(id, probe, Operation.CHECK, d.isRetryable(), step + " failed: " + detail(d), e);
        }
    }

    private static String detail(DestinationException e) {
        String m = e.getMessage();
        int i = m.indexOf(" failed: ");
        return i < 0 ? m : m.substring(i + " failed: ".length()).replaceAll(" \\((not )?retryable\\)$", "");
    }

    @Override
    public void close() {
        uploads.shutdownNow();
        http.close();
    }
}
