package org.datasetexport.dest.sftp;

import java.util.Map;
import org.datasetexport.testdata.HostileUris;
import org.datasetexport.testdata.Secrets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 16: no sftp: URI, however malformed, echoes a password put in it. */
class SftpHostileUriTest {

    @ParameterizedTest
    @ValueSource(strings = {"sftp://me:%s@host/p", "sftp://me:%s@host:notaport/p", "sftp://me:%s@/p", "sftp:me:%s@host",
            "sftp://me@host/p?pw=%s", "sftp://me@host:99999/p#%s"})
    void uriCarryingAPassword_isRefusedWithoutEchoingIt(String pattern) {
        for (String secret : Secrets.AWKWARD) {
            HostileUris.refusedWithoutSecrets(String.format(pattern, secret), Map.of("password", "x"), secret);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"password", "passphrase"})
    void badOptionsNextToASecret_doNotEchoTheSecret(String secretKey) {
        for (String secret : Secrets.AWKWARD) {
            HostileUris.refusedWithoutSecrets("sftp://me@host/p", Map.of(secretKey, secret, "connectTimeout", "soon"), secret);
        }
    }
}
