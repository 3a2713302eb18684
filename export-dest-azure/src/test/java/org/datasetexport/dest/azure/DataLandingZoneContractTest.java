package org.datasetexport.dest.azure;

import com.azure.storage.blob.models.BlobItem;
import java.util.ArrayList;
import java.util.List;
import org.datasetexport.spi.Destination;
import org.datasetexport.spi.DestinationContractTest;

/** The contract kit on a Data Landing Zone reached with a container SAS URI only. */
class DataLandingZoneContractTest extends DestinationContractTest {
    private String container;
    private String sasUri;

    @Override
    protected Destination newDestination() throws Exception {
        AzuriteServer server = AzuriteServer.shared();
        container = server.newContainer();
        sasUri = server.sasUri(container, "racwdl");
        return DataLandingZoneDestination.builder(sasUri).blockSize(1024 * 1024).blocksInFlight(2).build();
    }

    @Override
    protected List<String> rawObjects() throws Exception {
        List<String> raw = new ArrayList<>();
        for (BlobItem item : AzuriteServer.shared().service().getBlobContainerClient(container).listBlobs()) {
            raw.add(item.getName());
        }
        raw.sort(null);
        return raw;
    }

    @Override
    protected Destination destinationWithBadCredentials() throws Exception {
        String tampered = sasUri.replaceAll("sig=[^&]+", "sig=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA%3D");
        return DataLandingZoneDestination.builder(tampered).maxTries(1).build();
    }

    @Override
    protected List<String> secrets() {
        return List.of(sasUri.replaceAll(".*sig=([^&]+).*", "$1"), AzuriteServer.KEY);
    }

    @Override
    protected int largeFileBytes() {
        return 3 * 1024 * 1024;
    }
}
