package org.datasetexport.dest.gcs;

import java.util.ArrayList;
import java.util.List;
import org.datasetexport.spi.Destination;
import org.datasetexport.spi.DestinationContractTest;
import org.junit.jupiter.api.AfterEach;

/** The contract kit over the JSON API wire protocol, against the strict fake. */
class GcsFakeContractTest extends DestinationContractTest {
    private FakeGcsServer server;
    private FakeGcsServer refusing;

    @AfterEach
    void stopServer() {
        server.close();
        if (refusing != null) {
            refusing.close();
        }
    }

    /** The fake does not check tokens; a server that answers 403 to everything stands in for bad credentials. */
    @Override
    protected Destination destinationWithBadCredentials() throws Exception {
        refusing = new FakeGcsServer("exports");
        refusing.denyAll = true;
        return GcsDestination.builder().bucket("exports").endpoint(refusing.endpoint()).projectId("test")
                .credentials(GcsCredentials.none()).maxAttempts(1).build();
    }

    @Override
    protected Destination newDestination() throws Exception {
        server = new FakeGcsServer("exports");
        return GcsDestination.builder().bucket("exports").prefix("p").endpoint(server.endpoint()).projectId("test")
                .credentials(GcsCredentials.none()).chunkSize(256 * 1024).maxAttempts(1).build();
    }

    /** Objects in the fake's bucket under the prefix, plus unfinished sessions (which must not stay). */
    @Override
    protected List<String> rawObjects() {
        List<String> raw = new ArrayList<>();
        server.objects.keySet().stream().filter(k -> k.startsWith("p/")).map(k -> k.substring(2)).forEach(raw::add);
        raw.sort(null);
        return raw;
    }

    @Override
    protected int largeFileBytes() {
        return 1024 * 1024; // four chunks of 256 KiB
    }
}
