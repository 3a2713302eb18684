package org.datasetexport.dest.azure;

import java.util.Map;
import org.datasetexport.testdata.HostileUris;
import org.datasetexport.testdata.Secrets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 16: wasbs: and dlz: URIs and SAS options never echo a secret, however malformed. */
class AzureHostileUriTest {

    @ParameterizedTest
    @ValueSource(strings = {"wasbs://container:%s@account/p", "wasbs://container@account/p?sig=%s", "wasbs://c:%s@/p"})
    void wasbsUriCarryingASecret_isRefusedWithoutEchoingIt(String pattern) {
        for (String secret : Secrets.AWKWARD) {
            HostileUris.refusedWithoutSecrets(String.format(pattern, secret), Map.of("accountKey", "a2V5"), secret);
        }
    }

    @Test
    void dlzSasUriThatIsNoUrl_isRefusedWithoutTheSignature() {
        String signature = "SIGNATUREsecret%2Bvalue";
        for (String sasUri : new String[] {"https://acct.blob/container?sv=1&sig=" + signature + " with space",
                "https://acct.blob/container?sv=1&sig=" + signature + "\u0001", "not a url at all sig=" + signature,
                "ftp://acct.blob/container?sig=" + signature, "https://acct.blob/?sig=" + signature}) {
            HostileUris.refusedWithoutSecrets("dlz://container/p", Map.of("sasUri", sasUri), signature);
        }
    }

    @Test
    void dlzUriWithQuery_isRefusedWithoutEchoingIt() {
        HostileUris.refusedWithoutSecrets("dlz://container/p?sig=SECRETSIG", Map.of("sasUri",
                "https://acct.blob.core.windows.net/container?sv=1&sig=OTHERSECRET"), "SECRETSIG", "OTHERSECRET");
    }
}
