package org.datasetexport.dest.gcs;

import java.util.ArrayList;
import java.util.List;
import org.datasetexport.spi.Destination;
import org.datasetexport.spi.DestinationContractTest;
import org.junit.jupiter.api.AfterEach;

/** The contract kit over GCS's XML API with an HMAC key, against the strict stand-in that checks every signature. */
class GcsXmlApiContractTest extends DestinationContractTest {
    private static final String SECRET = "hmac/secret+with @awkward_chars";
    private GcsXmlApiServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected Destination newDestination() throws Exception {
        server = new GcsXmlApiServer("exports", "GOOGCONTRACTKEY", SECRET);
        return destination(SECRET);
    }

    private Destination destination(String secret) {
        return GcsDestination.builder().bucket("exports").prefix("p").endpoint(server.endpoint())
                .credentials(GcsCredentials.hmac("GOOGCONTRACTKEY", secret)).maxAttempts(1).build();
    }

    /** The right key id with the wrong secret: every signature fails. */
    @Override
    protected Destination destinationWithBadCredentials() {
        return destination("not-the-secret");
    }

    @Override
    protected List<String> secrets() {
        return List.of(SECRET);
    }

    /** Objects under the prefix plus unfinished multipart uploads (which must not stay). */
    @Override
    protected List<String> rawObjects() {
        List<String> raw = new ArrayList<>();
        server.objects.keySet().stream().filter(k -> k.startsWith("p/")).map(k -> k.substring(2)).forEach(raw::add);
        server.uploads.values().forEach(u -> raw.add("(unfinished upload) " + u.key()));
        raw.sort(null);
        return raw;
    }

    @Override
    protected int largeFileBytes() {
        return 12 * 1024 * 1024; // three parts of 5 MiB
    }
}
