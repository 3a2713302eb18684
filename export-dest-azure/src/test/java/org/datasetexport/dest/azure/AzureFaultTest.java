package org.datasetexport.dest.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.ListBlobsOptions;

import java.net.URI;
import java.time.Duration;
import org.datasetexport.DatasetExport;
import org.datasetexport.DestinationException;
import org.datasetexport.ExportResult;
import org.datasetexport.ExportVerifier;
import org.datasetexport.data.Datasets;
import org.datasetexport.testdata.ExperienceEvents;
import org.datasetexport.testdata.FaultProxy;
import org.junit.jupiter.api.Test;

/** Issue 22: a stalled block upload is abandoned at the try timeout and retried; the export is whole. */
class AzureFaultTest {

    @Test
    void stalledBlockUpload_isRetriedAfterTheTryTimeout() throws Exception {
        AzuriteServer server = AzuriteServer.shared();
        String container = server.newContainer();
        int azurite = URI.create(server.endpoint()).getPort();
        try (FaultProxy proxy = new FaultProxy(azurite)) {
            proxy.inject(head -> head.startsWith("PUT ") && head.contains("comp=block&") && head.contains("blockid="),
                    FaultProxy.Fault.STALL, 1);
            try (AzureBlobDestination blob = AzureBlobDestination.builder()
                    .endpoint("http://127.0.0.1:" + proxy.port() + "/" + AzuriteServer.ACCOUNT).container(container)
                    .credentials(AzureCredentials.accountKey(AzuriteServer.ACCOUNT, AzuriteServer.KEY))
                    .blockSize(1024 * 1024).tryTimeout(Duration.ofSeconds(3)).build()) {
                ExportResult result = DatasetExport.from(Datasets.of("events", ExperienceEvents.SCHEMA,
                        ExperienceEvents.rows(8_000, 4))).to(blob).format("json").manifest(true).run();
                assertThat(proxy.faulted()).hasSize(1);
                assertThat(ExportVerifier.verify(blob, result.manifestPath().orElseThrow()).problems()).isEmpty();
            }
        }
    }

    /** Retries exhausted: a retryable failure, and nothing left — no blob, no uncommitted block. */
    @Test
    void resetBlockUploads_whenTriesRunOut_failRetryable_andLeaveNothing() throws Exception {
        AzuriteServer server = AzuriteServer.shared();
        String container = server.newContainer();
        try (FaultProxy proxy = new FaultProxy(URI.create(server.endpoint()).getPort())) {
            proxy.inject(head -> head.startsWith("PUT ") && head.contains("comp=block&") && head.contains("blockid="),
                    FaultProxy.Fault.RESET, 1000);
            try (AzureBlobDestination blob = AzureBlobDestination.builder()
                    .endpoint("http://127.0.0.1:" + proxy.port() + "/" + AzuriteServer.ACCOUNT).container(container)
                    .credentials(AzureCredentials.accountKey(AzuriteServer.ACCOUNT, AzuriteServer.KEY))
                    .blockSize(1024 * 1024).maxTries(2).build()) {
                assertThatThrownBy(() -> DatasetExport.from(Datasets.of("events", ExperienceEvents.SCHEMA,
                        ExperienceEvents.rows(8_000, 4))).to(blob).format("json").manifest(true).run())
                        .isInstanceOfSatisfying(DestinationException.class, e -> assertThat(e.isRetryable()).isTrue());
                assertThat(proxy.faulted()).hasSizeGreaterThanOrEqualTo(2);
            }
        }
        BlobContainerClient direct = server.service().getBlobContainerClient(container);
        assertThat(direct.listBlobs(new ListBlobsOptions().setDetails(new BlobListDetails().setRetrieveUncommittedBlobs(true)), null))
                .as("no blob and no uncommitted blocks").isEmpty();
    }

    @Test
    void lostResponseToTheBlockListCommit_retryRecognisesItsOwnBlob() throws Exception {
        AzuriteServer server = AzuriteServer.shared();
        String container = server.newContainer();
        try (FaultProxy proxy = new FaultProxy(URI.create(server.endpoint()).getPort())) {
            proxy.inject(head -> head.startsWith("PUT ") && head.contains("comp=blocklist"), FaultProxy.Fault.DROP_RESPONSE, 1);
            try (AzureBlobDestination blob = AzureBlobDestination.builder()
                    .endpoint("http://127.0.0.1:" + proxy.port() + "/" + AzuriteServer.ACCOUNT).container(container)
                    .credentials(AzureCredentials.accountKey(AzuriteServer.ACCOUNT, AzuriteServer.KEY)).build()) {
                ExportResult result = DatasetExport.from(Datasets.of("events", ExperienceEvents.SCHEMA,
                        ExperienceEvents.rows(500, 5))).to(blob).format("json").manifest(true).run();
                assertThat(proxy.faulted()).hasSize(1);
                assertThat(ExportVerifier.verify(blob, result.manifestPath().orElseThrow()).problems()).isEmpty();
            }
        }
    }
}
