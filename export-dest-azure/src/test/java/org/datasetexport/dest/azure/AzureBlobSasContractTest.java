package org.datasetexport.dest.azure;

import com.azure.storage.blob.sas.BlobContainerSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

class AzureBlobSasContractTest extends AzureBlobContractTest {
    private String sas;

    @Override
    protected AzureCredentials credentials(AzuriteServer server) {
        sas = server.service().getBlobContainerClient(container).generateSas(new BlobServiceSasSignatureValues(
                OffsetDateTime.now().plusHours(1), BlobContainerSasPermission.parse("racwdl")));
        return AzureCredentials.sasToken(sas);
    }

    @Override
    protected List<String> secrets() {
        List<String> all = new ArrayList<>(super.secrets());
        all.add(sas.replaceAll(".*sig=([^&]+).*", "$1"));
        return all;
    }
}
