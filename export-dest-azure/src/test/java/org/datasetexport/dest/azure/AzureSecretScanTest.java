package org.datasetexport.dest.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.URLDecoder;
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

/**
 * Issue 16: with every logger at TRACE (Azure SDK, reactor-netty, Netty, JUL), neither the account
 * key nor a SAS signature appears in any log line, message, stack trace or toString, for good and
 * failing exports to Blob (key, connection string, SAS) and the Data Landing Zone.
 */
@Tag(SecretScan.TAG)
class AzureSecretScanTest {

    @BeforeAll
    static void trace() {
        SecretScan.everyLoggerAtTrace();
    }

    private static String signature(String sas) {
        String raw = sas.replaceAll(".*sig=([^&]+).*", "$1");
        return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    }

    @Test
    void goodAndFailingExports_neverShowTheKeyOrASignature() throws Exception {
        AzuriteServer server = AzuriteServer.shared();
        String container = server.newContainer();
        String sasUri = server.sasUri(container, "racwdl");
        String readOnlySas = server.sasUri(container, "rl");
        String sas = sasUri.substring(sasUri.indexOf('?') + 1);
        List<String> secrets = List.of(AzuriteServer.KEY, signature(sasUri), sasUri.replaceAll(".*sig=([^&]+).*", "$1"),
                signature(readOnlySas));
        List<Throwable> failures = new ArrayList<>();
        List<Map<String, String>> good = List.of(
                Map.of("accountKey", AzuriteServer.KEY, "endpoint", server.endpoint()),
                Map.of("connectionString", server.connectionString()),
                Map.of("sasToken", sas, "endpoint", server.endpoint()));
        for (Map<String, String> options : good) {
            try (Destination d = Destinations.of("wasbs://" + container + "@" + AzuriteServer.ACCOUNT + "/scan", options)) {
                DatasetExport.from(Datasets.of("events", ExperienceEvents.SCHEMA, ExperienceEvents.rows(200, 3))).to(d)
                        .format("json").manifest(true).run();
                Secrets.assertNotIn(d.toString(), secrets.toArray(String[]::new));
            }
        }
        try (Destination d = Destinations.of("dlz://" + container + "/landing", Map.of("sasUri", sasUri))) {
            DatasetExport.from(Datasets.of("events", ExperienceEvents.SCHEMA, ExperienceEvents.rows(200, 4))).to(d)
                    .format("json").run();
            Secrets.assertNotIn(d.toString(), secrets.toArray(String[]::new));
        }
        try (Destination readOnly = Destinations.of("dlz://" + container + "/landing", Map.of("sasUri", readOnlySas, "maxTries", "1"))) {
            failures.add(catchThrowable(() -> DatasetExport.from(Datasets.of("events", ExperienceEvents.SCHEMA,
                    ExperienceEvents.rows(20, 5))).to(readOnly).format("json").run()));
            failures.add(catchThrowable(readOnly::check));
        }
        String tampered = sasUri.replaceAll("sig=[^&]+", "sig=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA%3D");
        try (Destination bad = Destinations.of("dlz://" + container + "/landing", Map.of("sasUri", tampered, "maxTries", "1"))) {
            failures.add(catchThrowable(bad::check));
        }
        failures.add(catchThrowable(() -> Destinations.of("dlz://" + container + "/x", Map.of("sasUri", sasUri + " broken"))));
        for (Throwable t : failures) {
            assertThat(t).isNotNull();
            Secrets.assertNotIn(t, secrets.toArray(String[]::new));
        }
        assertThat(SecretScan.leakingLoggers(secrets.toArray(String[]::new))).isEmpty();
    }
}
