package org.datasetexport.dest.gcs;

import java.util.Map;
import org.datasetexport.testdata.HostileUris;
import org.datasetexport.testdata.Secrets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 16: gs: URIs carrying credentials never echo them. */
class GcsHostileUriTest {

    @ParameterizedTest
    @ValueSource(strings = {"gs://key:%s@bucket/p", "gs://%s@bucket/p", "gs://bucket/p?sig=%s", "gs://key:%s@/p"})
    void uriCarryingASecret_isRefusedWithoutEchoingIt(String pattern) {
        for (String secret : Secrets.AWKWARD) {
            HostileUris.refusedWithoutSecrets(String.format(pattern, secret), Map.of(), secret);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hmacSecret", "credentialsJson"})
    void badOptionsNextToASecret_doNotEchoTheSecret(String secretKey) {
        for (String secret : Secrets.AWKWARD) {
            HostileUris.refusedWithoutSecrets("gs://bucket/p", Map.of(secretKey, secret, "chunkSize", "big"), secret);
        }
    }
}
