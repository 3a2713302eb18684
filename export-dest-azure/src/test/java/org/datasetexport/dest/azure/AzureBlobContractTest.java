package org.datasetexport.dest.azure;

import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.ListBlobsOptions;
import java.util.ArrayList;
import java.util.List;
import org.datasetexport.spi.Destination;
import org.datasetexport.spi.DestinationContractTest;

/** The contract kit on Azurite with a connection string; subclasses use an account key and a SAS token. */
class AzureBlobContractTest extends DestinationContractTest {
    protected String container;

    protected AzureCredentials credentials(AzuriteServer server) {
        return AzureCredentials.connectionString(server.connectionString());
    }

    @Override
    protected Destination newDestination() throws Exception {
        AzuriteServer server = AzuriteServer.shared();
        container = server.newContainer();
        return AzureBlobDestination.builder().account(AzuriteServer.ACCOUNT).endpoint(server.endpoint()).container(container)
                .prefix("exports").credentials(credentials(server)).blockSize(1024 * 1024).blocksInFlight(2).build();
    }

    /** Committed blobs of the container, straight from the service (uncommitted blocks are not blobs). */
    @Override
    protected List<String> rawObjects() throws Exception {
        List<String> raw = new ArrayList<>();
        for (BlobItem item : AzuriteServer.shared().service().getBlobContainerClient(container)
                .listBlobs(new ListBlobsOptions().setPrefix("exports/").setDetails(new BlobListDetails()), null)) {
            raw.add(item.getName().substring("exports/".length()));
        }
        raw.sort(null);
        return raw;
    }

    @Override
    protected Destination destinationWithBadCredentials() throws Exception {
        AzuriteServer server = AzuriteServer.shared();
        String wrongKey = java.util.Base64.getEncoder().encodeToString("wrong-key-wrong-key-wrong-key-wrong-key!".getBytes());
        return AzureBlobDestination.builder().endpoint(server.endpoint()).container(container).maxTries(1)
                .credentials(AzureCredentials.accountKey(AzuriteServer.ACCOUNT, wrongKey)).build();
    }

    @Override
    protected List<String> secrets() {
        return List.of(AzuriteServer.KEY, java.util.Base64.getEncoder().encodeToString("wrong-key-wrong-key-wrong-key-wrong-key!".getBytes()));
    }

    @Override
    protected int largeFileBytes() {
        return 5 * 1024 * 1024; // five staged blocks of 1 MiB
    }
}
