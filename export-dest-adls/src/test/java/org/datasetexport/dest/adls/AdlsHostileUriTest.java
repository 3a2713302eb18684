package org.datasetexport.dest.adls;

import java.util.Map;
import org.datasetexport.testdata.HostileUris;
import org.datasetexport.testdata.Secrets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 16: abfss: URIs with user info beyond the file-system name never echo it. */
class AdlsHostileUriTest {

    @ParameterizedTest
    @ValueSource(strings = {"abfss://fs:%s@account.dfs.core.windows.net/p", "abfss://fs@account.dfs.core.windows.net/p?sig=%s",
            "abfss://fs:%s@/p"})
    void uriCarryingASecret_isRefusedWithoutEchoingIt(String pattern) {
        for (String secret : Secrets.AWKWARD) {
            HostileUris.refusedWithoutSecrets(String.format(pattern, secret), Map.of("accountKey", "a2V5"), secret);
        }
    }
}
