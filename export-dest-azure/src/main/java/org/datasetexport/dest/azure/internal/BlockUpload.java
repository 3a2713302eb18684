package org.datasetexport.dest.azure.internal;

import com.azure.core.util.Context;
import com.azure.storage.blob.models.AccessTier;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.specialized.BlockBlobClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import org.datasetexport.DestinationException.Operation;
import org.datasetexport.spi.PartUploadOutput;

/**
 * One blob being written as staged blocks: every full block is staged (Put Block, with its
 * Content-MD5) while writing goes on (bounded, see {@link PartUploadOutput}). Commit is Put Block
 * List with the block ids in order and {@code If-None-Match: *} (an existing blob is never
 * overwritten). Close without commit commits nothing: no blob appears, and the uncommitted blocks
 * are discarded by the service (Azure after 7 days).
 */
public final class BlockUpload extends PartUploadOutput<String> {
    /** Azure's limit on blocks per blob. */
    public static final int MAX_BLOCKS = 50_000;

    /** The settings an upload needs from its destination. */
    public record Settings(ExecutorService pool, String destinationId, String container, int blockSize, int blocksInFlight,
                           AccessTier tier, Map<String, String> metadata) {
    }

    /** Blob metadata naming the output that committed the blob, so a retried commit recognises its own blob. */
    public static final String UPLOAD_TOKEN_METADATA = "datasetexportupload";

    private final Settings settings;
    private final BlockBlobClient blob;
    private final String token = UUID.randomUUID().toString().replace("-", "");

    /**
     * @param settings the destination's settings
     * @param blob the target blob
     * @param path the destination-relative path
     */
    public BlockUpload(Settings settings, BlockBlobClient blob, String path) {
        super(settings.pool(), settings.destinationId(), path, settings.blockSize(), settings.blocksInFlight(), MAX_BLOCKS);
        this.settings = settings;
        this.blob = blob;
    }

    private static String blockId(int number) {
        // ids of one blob must all have the same length
        return Base64.getEncoder().encodeToString(String.format("block-%08d", number).getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    protected String uploadPart(int number, byte[] data) {
        String id = blockId(number);
        blob.stageBlockWithResponse(id, new ByteArrayInputStream(data), data.length, md5(data), null, null, Context.NONE);
        return id;
    }

    private static byte[] md5(byte[] data) {
        try {
            return MessageDigest.getInstance("MD5").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected void publishWhole(byte[] data) throws IOException {
        List<String> ids = data.length == 0 ? List.of() : List.of(uploadPart(1, data));
        publishParts(ids);
    }

    @Override
    protected void publishParts(List<String> ids) throws IOException {
        try {
            Map<String, String> metadata = new LinkedHashMap<>(settings.metadata());
            metadata.put(UPLOAD_TOKEN_METADATA, token);
            blob.commitBlockListWithResponse(ids, null, metadata, settings.tier(),
                    new BlobRequestConditions().setIfNoneMatch("*"), null, Context.NONE);
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 409 || e.getStatusCode() == 412) {
                // the SDK's retry after a lost response finds the blob its own first attempt committed: success
                if (isOwnBlob()) {
                    return;
                }
                throw new FileAlreadyExistsException(path(), null, "a blob already exists; nothing was overwritten");
            }
            throw AzureErrors.translate(e, settings.destinationId(), settings.container(), path(), Operation.COMMIT);
        } catch (RuntimeException e) {
            throw AzureErrors.translate(e, settings.destinationId(), settings.container(), path(), Operation.COMMIT);
        }
    }

    private boolean isOwnBlob() {
        try {
            return token.equals(blob.getProperties().getMetadata().get(UPLOAD_TOKEN_METADATA));
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    protected void abortParts() {
        // nothing to do: blocks never committed do not form a blob, and the service discards them
    }

    @Override
    protected Exception failure(Throwable cause) {
        if (cause instanceof RuntimeException r) {
            return AzureErrors.translate(r, settings.destinationId(), settings.container(), path(), Operation.WRITE);
        }
        return new IOException("staging a block of " + path() + " failed: " + cause, cause);
    }
}
