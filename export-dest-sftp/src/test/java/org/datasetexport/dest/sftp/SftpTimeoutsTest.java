package org.datasetexport.dest.sftp;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.datasetexport.ConfigurationException;
import org.datasetexport.Destinations;
import org.junit.jupiter.api.Test;

/**
 * Issue 32, item 8: a negative (or zero, which JSch reads as "forever") timeout is refused where it
 * is set, naming the option, in the builder and in URI options alike.
 */
class SftpTimeoutsTest {
    @Test
    void negativeOrZeroOrHugeTimeouts_areRefusedNamingTheOption() {
        assertThatThrownBy(() -> SftpDestination.builder().connectTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(ConfigurationException.class).hasMessage("connectTimeout must be 1 ms to 24 days, got PT-1S");
        assertThatThrownBy(() -> SftpDestination.builder().readTimeout(Duration.ZERO))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("readTimeout must be 1 ms to 24 days");
        assertThatThrownBy(() -> SftpDestination.builder().connectTimeout(Duration.ofDays(30)))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("connectTimeout must be 1 ms to 24 days");
        assertThatThrownBy(() -> Destinations.of("sftp://user@127.0.0.1:1/upload", Map.of("password", "pw", "insecureAcceptAnyHostKey", "true", "connectTimeout", "-5s")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("connectTimeout");
    }
}
