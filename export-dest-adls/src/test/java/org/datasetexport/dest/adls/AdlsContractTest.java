package org.datasetexport.dest.adls;

import java.util.ArrayList;
import java.util.List;
import org.datasetexport.spi.Destination;
import org.datasetexport.spi.DestinationContractTest;
import org.junit.jupiter.api.AfterEach;

/** The contract kit over the real Data Lake client's traffic, against the strict DFS fake, with a shared key. */
class AdlsContractTest extends DestinationContractTest {
    static final String KEY = java.util.Base64.getEncoder().encodeToString("adls-test-key-do-not-print-0123456789".getBytes());
    private FakeDfsServer server;
    private FakeDfsServer refusing;

    @AfterEach
    void stopServer() {
        server.close();
        if (refusing != null) {
            refusing.close();
        }
    }

    @Override
    protected Destination newDestination() throws Exception {
        server = new FakeDfsServer("acct", "exports", null);
        return AdlsDestination.builder().account("acct").endpoint(server.endpoint()).fileSystem("exports").path("landing")
                .credentials(AdlsCredentials.accountKey(KEY)).chunkSize(1024 * 1024).maxTries(1).build();
    }

    /** Every file under the path in the fake, temporary files included. */
    @Override
    protected List<String> rawObjects() {
        List<String> raw = new ArrayList<>();
        server.files().keySet().stream().filter(p -> p.startsWith("landing/")).map(p -> p.substring("landing/".length())).forEach(raw::add);
        raw.sort(null);
        return raw;
    }

    /** The fake does not verify signatures; a server answering 403 stands in for wrong credentials. */
    @Override
    protected Destination destinationWithBadCredentials() throws Exception {
        refusing = new FakeDfsServer("acct", "exports", null);
        refusing.denyAll = true;
        return AdlsDestination.builder().account("acct").endpoint(refusing.endpoint()).fileSystem("exports").maxTries(1)
                .credentials(AdlsCredentials.accountKey(KEY)).build();
    }

    @Override
    protected List<String> secrets() {
        return List.of(KEY);
    }

    @Override
    protected int largeFileBytes() {
        return 3 * 1024 * 1024;
    }
}
