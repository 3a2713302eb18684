package org.datasetexport.dest.file;

import java.util.Map;
import org.datasetexport.testdata.HostileUris;
import org.datasetexport.testdata.Secrets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 16: file: and memory: URIs with user info or a query never echo it. */
class FileHostileUriTest {

    @ParameterizedTest
    @ValueSource(strings = {"file://user:%s@localhost/tmp/x", "file://user:%s@otherhost/tmp", "file:///tmp/x?token=%s",
            "memory://user:%s@name", "file://user:%s@/tmp"})
    void uriCarryingASecret_isRefusedWithoutEchoingIt(String pattern) {
        for (String secret : Secrets.AWKWARD) {
            HostileUris.refusedWithoutSecrets(String.format(pattern, secret), Map.of(), secret);
        }
    }
}
