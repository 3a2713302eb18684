package org.datasetexport.dest.adls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.datasetexport.DatasetExport;
import org.datasetexport.Destinations;
import org.datasetexport.data.Datasets;
import org.datasetexport.spi.Destination;
import org.datasetexport.testdata.ExperienceEvents;
import org.datasetexport.testdata.SecretScan;
import org.datasetexport.testdata.Secrets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Issue 16: with every logger at TRACE, no ADLS account key, client secret or access token is printed anywhere. */
@Tag(SecretScan.TAG)
class AdlsSecretScanTest {
    private static final String CLIENT_SECRET = "scan-client/secret+with @awkward_chars";
    private static final String ACCESS_TOKEN = "scan-access-token-eyJhbGciOiJIUzI1NiJ9.e30.sig";

    @BeforeAll
    static void trace() {
        SecretScan.everyLoggerAtTrace();
    }

    @Test
    void accountKeyAndServicePrincipalExports_neverShowASecret() throws Exception {
        List<Throwable> failures = new ArrayList<>();
        FakeDfsServer plain = new FakeDfsServer("acct", "exports", null);
        try {
            try (Destination adls = Destinations.of("abfss://exports@acct.dfs.core.windows.net/scan",
                    Map.of("accountKey", AdlsContractTest.KEY, "endpoint", plain.endpoint(), "maxTries", "1"))) {
                DatasetExport.from(Datasets.of("events", ExperienceEvents.SCHEMA, ExperienceEvents.rows(200, 6))).to(adls)
                        .format("json").manifest(true).run();
                Secrets.assertNotIn(adls.toString(), AdlsContractTest.KEY);
            }
            try (Destination missing = Destinations.of("abfss://nope@acct.dfs.core.windows.net/scan",
                    Map.of("accountKey", AdlsContractTest.KEY, "endpoint", plain.endpoint(), "maxTries", "1"))) {
                failures.add(catchThrowable(missing::check));
            }
        } finally {
            plain.close();
        }

        javax.net.ssl.SSLContext tls = LoopbackTls.serverContext();
        HttpsServer authority = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        authority.setHttpsConfigurator(new HttpsConfigurator(tls));
        authority.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            byte[] body = ("{\"token_type\":\"Bearer\",\"expires_in\":3600,\"ext_expires_in\":3600,\"access_token\":\""
                    + ACCESS_TOKEN + "\"}").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body);
            }
        });
        authority.start();
        FakeDfsServer secure = new FakeDfsServer("acct", "exports", tls);
        try {
            Map<String, String> options = Map.of("tenantId", "tenant-1", "clientId", "client-1", "clientSecret", CLIENT_SECRET,
                    "authorityHost", "https://127.0.0.1:" + authority.getAddress().getPort(), "endpoint", secure.endpoint(),
                    "maxTries", "1");
            try (Destination adls = Destinations.of("abfss://exports@acct.dfs.core.windows.net/sp", options)) {
                DatasetExport.from(Datasets.of("events", ExperienceEvents.SCHEMA, ExperienceEvents.rows(50, 7))).to(adls)
                        .format("json").run();
                Secrets.assertNotIn(adls.toString(), CLIENT_SECRET, ACCESS_TOKEN);
            }
        } finally {
            secure.close();
            authority.stop(0);
        }
        for (Throwable t : failures) {
            assertThat(t).isNotNull();
            Secrets.assertNotIn(t, AdlsContractTest.KEY, CLIENT_SECRET, ACCESS_TOKEN);
        }
        assertThat(SecretScan.leakingLoggers(AdlsContractTest.KEY, CLIENT_SECRET, ACCESS_TOKEN)).isEmpty();
    }
}
