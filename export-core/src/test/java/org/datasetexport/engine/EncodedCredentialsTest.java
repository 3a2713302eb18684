package org.datasetexport.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.datasetexport.ConfigurationException;
import org.datasetexport.Destinations;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 32: user info hidden by percent-encoding is refused like the plain form, before any
 * provider sees it, and no message carries the secret (it used to become an SSH user name, and an
 * S3 error echoed the raw URI).
 */
class EncodedCredentialsTest {
    @ParameterizedTest
    @ValueSource(strings = {"file://user%3AS3cr3tPw@localhost/tmp/x", "memory://AKIA%3AS3cr3tPw%40bucket/p",
            "file://AKIA%3aS3cr3tPw%40localhost/p"})
    void percentEncodedCredentials_areRefused_withoutEchoingThem(String uri) {
        assertThatThrownBy(() -> Destinations.of(uri, Map.of())).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("percent-encoded user info").hasMessageNotContaining("S3cr3tPw");
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3://AKIA%3AS3cr3tPw%40bucket/p", "sftp://user%3AS3cr3tPw@host/p"})
    void redaction_seesThroughTheEncoding(String uri) {
        assertThat(org.datasetexport.spi.UriRedaction.redact(uri)).doesNotContain("S3cr3tPw");
    }
}
