package org.datasetexport.dest.gcs;

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

/** Issue 16: with every logger at TRACE, no GCS HMAC secret or service-account key is printed anywhere. */
@Tag(SecretScan.TAG)
class GcsSecretScanTest {
    private static final String HMAC_SECRET = "scan-hmac/secret+with @awkward_chars";
    private static final String KEY_MATERIAL = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQScanKeyMaterial";

    @BeforeAll
    static void trace() {
        SecretScan.everyLoggerAtTrace();
    }

    @Test
    void hmacExportsAndBadServiceAccounts_neverShowASecret() throws Exception {
        List<Throwable> failures = new ArrayList<>();
        try (GcsXmlApiServer server = new GcsXmlApiServer("exports", "GOOGSCANKEY", HMAC_SECRET)) {
            Map<String, String> hmac = Map.of("hmacAccessKeyId", "GOOGSCANKEY", "hmacSecret", HMAC_SECRET,
                    "endpoint", server.endpoint());
            try (Destination gcs = Destinations.of("gs://exports/scan-" + System.nanoTime(), hmac)) {
                DatasetExport.from(Datasets.of("events", ExperienceEvents.SCHEMA, ExperienceEvents.rows(200, 10))).to(gcs)
                        .format("json").manifest(true).run();
                Secrets.assertNotIn(gcs.toString(), HMAC_SECRET);
            }
            assertThat(server.refusals).isEmpty();
            try (Destination missing = Destinations.of("gs://no-such-bucket-scan/x", with(hmac, "maxAttempts", "1"))) {
                failures.add(catchThrowable(missing::check));
            }
            try (Destination wrong = Destinations.of("gs://exports/x", with(hmac, "hmacSecret", "wrong " + HMAC_SECRET, "maxAttempts", "1"))) {
                failures.add(catchThrowable(wrong::check));
            }
        }
        String json = "{\"type\":\"service_account\",\"client_email\":\"scan@proj.iam.gserviceaccount.com\","
                + "\"private_key\":\"-----BEGIN PRIVATE KEY-----\\n" + KEY_MATERIAL + "\\n-----END PRIVATE KEY-----\\n\"}";
        failures.add(catchThrowable(() -> {
            try (Destination d = Destinations.of("gs://b-1/x", Map.of("credentialsJson", json))) {
                d.check();
            }
        }));
        for (Throwable t : failures) {
            assertThat(t).isNotNull();
            Secrets.assertNotIn(t, HMAC_SECRET, KEY_MATERIAL);
        }
        assertThat(SecretScan.leakingLoggers(HMAC_SECRET, KEY_MATERIAL)).isEmpty();
    }

    private static Map<String, String> with(Map<String, String> base, String... pairs) {
        Map<String, String> m = new java.util.HashMap<>(base);
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }
}
