package org.datasetexport.dest.adls;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.datasetexport.DatasetExport;
import org.datasetexport.ExportResult;
import org.datasetexport.ExportVerifier;
import org.datasetexport.data.Datasets;
import org.datasetexport.testdata.ExperienceEvents;
import org.datasetexport.testdata.FaultProxy;
import org.junit.jupiter.api.Test;

/** Issue 22: a rename whose response is lost is recognised as this output's own on the SDK's retry; a stalled append is retried. */
class AdlsFaultTest {

    private static AdlsDestination.Builder viaProxy(FaultProxy proxy) {
        return AdlsDestination.builder().account("acct").endpoint("http://127.0.0.1:" + proxy.port() + "/acct")
                .fileSystem("exports").credentials(AdlsCredentials.accountKey(AdlsContractTest.KEY)).chunkSize(1024 * 1024);
    }

    @Test
    void lostResponseToTheRename_retryRecognisesItsOwnFile() throws Exception {
        FakeDfsServer server = new FakeDfsServer("acct", "exports", null);
        try (FaultProxy proxy = new FaultProxy(URI.create(server.endpoint()).getPort())) {
            proxy.inject(head -> head.startsWith("PUT ") && head.toLowerCase().contains("x-ms-rename-source"),
                    FaultProxy.Fault.DROP_RESPONSE, 1);
            try (AdlsDestination adls = viaProxy(proxy).build()) {
                ExportResult result = DatasetExport.from(Datasets.of("events", ExperienceEvents.SCHEMA,
                        ExperienceEvents.rows(500, 8))).to(adls).format("json").manifest(true).run();
                assertThat(proxy.faulted()).hasSize(1);
                assertThat(ExportVerifier.verify(adls, result.manifestPath().orElseThrow()).problems()).isEmpty();
            }
        } finally {
            server.close();
        }
    }

    @Test
    void stalledAppend_isRetriedAfterTheTryTimeout() throws Exception {
        FakeDfsServer server = new FakeDfsServer("acct", "exports", null);
        try (FaultProxy proxy = new FaultProxy(URI.create(server.endpoint()).getPort())) {
            proxy.inject(head -> head.startsWith("PATCH ") && head.contains("action=append"), FaultProxy.Fault.STALL, 1);
            try (AdlsDestination adls = viaProxy(proxy).tryTimeout(Duration.ofSeconds(3)).build()) {
                ExportResult result = DatasetExport.from(Datasets.of("events", ExperienceEvents.SCHEMA,
                        ExperienceEvents.rows(500, 9))).to(adls).format("json").manifest(true).run();
                assertThat(proxy.faulted()).hasSize(1);
                assertThat(ExportVerifier.verify(adls, result.manifestPath().orElseThrow()).problems()).isEmpty();
            }
        } finally {
            server.close();
        }
    }
}
