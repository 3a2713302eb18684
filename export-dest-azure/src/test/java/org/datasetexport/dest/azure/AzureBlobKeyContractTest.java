package org.datasetexport.dest.azure;

class AzureBlobKeyContractTest extends AzureBlobContractTest {
    @Override
    protected AzureCredentials credentials(AzuriteServer server) {
        return AzureCredentials.accountKey(AzuriteServer.ACCOUNT, AzuriteServer.KEY);
    }
}
