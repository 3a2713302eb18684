package org.datasetexport.dest.adls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

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
        TokenAuthority authority = new TokenAuthority(tls, ACCESS_TOKEN);
        FakeDfsServer secure = new FakeDfsServer("acct", "exports", tls);
        try {
            Map<String, String> options = Map.of("tenantId", "tenant-1", "clientId", "client-1", "clientSecret", CLIENT_SECRET,
                    "authorityHost", authority.host(), "endpoint", secure.endpoint(),
                    "maxTries", "1");
            try (Destination adls = Destinations.of("abfss://exports@acct.dfs.core.windows.net/sp", options)) {
                DatasetExport.from(Datasets.of("events", ExperienceEvents.SCHEMA, ExperienceEvents.rows(50, 7))).to(adls)
                        .format("json").run();
                Secrets.assertNotIn(adls.toString(), CLIENT_SECRET, ACCESS_TOKEN);
            }
        } finally {
            secure.close();
            authority.close();
        }
        for (Throwable t : failures) {
            assertThat(t).isNotNull();
            Secrets.assertNotIn(t, AdlsContractTest.KEY, CLIENT_SECRET, ACCESS_TOKEN);
        }
        assertThat(SecretScan.leakingLoggers(AdlsContractTest.KEY, CLIENT_SECRET, ACCESS_TOKEN)).isEmpty();
    }
}
