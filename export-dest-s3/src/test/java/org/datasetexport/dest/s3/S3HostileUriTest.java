package org.datasetexport.dest.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.datasetexport.testdata.HostileUris;
import org.datasetexport.testdata.Secrets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 16: no s3: URI, however malformed, echoes a secret put in it. */
class S3HostileUriTest {

    @ParameterizedTest
    @ValueSource(strings = {"s3://AKIA:%s@bucket/p", "s3://AKIA:%s@bucket:notaport/p", "s3://%s@bucket/p",
            "s3://AKIA:%s@/p", "s3:AKIA:%s@bucket", "s3://bucket/p?token=%s", "s3://bucket/p#%s"})
    void uriCarryingASecret_isRefusedWithoutEchoingIt(String pattern) {
        for (String secret : Secrets.AWKWARD) {
            HostileUris.refusedWithoutSecrets(String.format(pattern, secret), Map.of(), secret);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"secretAccessKey", "sessionToken"})
    void badOptionsNextToASecret_doNotEchoTheSecret(String secretKey) {
        for (String secret : Secrets.AWKWARD) {
            var e = HostileUris.refusedWithoutSecrets("s3://bucket/p",
                    Map.of("accessKeyId", "AKIAEXAMPLE", secretKey, secret, "partSize", "lots"), secret);
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}
