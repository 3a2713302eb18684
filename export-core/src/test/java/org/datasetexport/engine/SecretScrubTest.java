package org.datasetexport.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import org.datasetexport.ConfigurationException;
import org.datasetexport.ExportException;
import org.datasetexport.testdata.Secrets;
import org.junit.jupiter.api.Test;

class SecretScrubTest {
    private final URI uri = URI.create("x://user:hunter22@host/path?sig=SIGNATURE");
    private final SecretScrub scrub = SecretScrub.of(uri, Map.of("secretAccessKey", "VERYSECRET", "region", "eu-west-1"));

    @Test
    void clean_providerEchoingItsInputs_isReplacedByAConfigurationExceptionWithoutThem() {
        RuntimeException leaky = new IllegalArgumentException("bad " + uri + " with VERYSECRET in eu-west-1",
                new IllegalStateException("sig=SIGNATURE"));
        RuntimeException cleaned = scrub.clean(leaky, "destination URI \"x://…@host/path?…\"");
        assertThat(cleaned).isInstanceOf(ConfigurationException.class).hasNoCause()
                .hasMessageContaining("could not be configured").hasMessageContaining("eu-west-1");
        Secrets.assertNotIn(cleaned, "hunter22", "VERYSECRET", "SIGNATURE");
    }

    @Test
    void clean_cleanExportException_passesUnchanged() {
        ExportException clean = new ConfigurationException("region \"mars\" is not a region");
        assertThat(scrub.clean(clean, "x")).isSameAs(clean);
    }

    @Test
    void clean_cleanRawException_isWrappedKeepingItsCause() {
        IllegalArgumentException raw = new IllegalArgumentException("port out of range");
        assertThat(scrub.clean(raw, "destination URI \"x\"")).isInstanceOf(ConfigurationException.class).hasCause(raw)
                .hasMessage("destination URI \"x\" could not be configured: port out of range");
    }

    @Test
    void userInfoWithoutPassword_isAName_notASecret() {
        SecretScrub names = SecretScrub.of(URI.create("wasbs://container@account/p"), Map.of());
        ExportException e = new ConfigurationException("container \"container\" not found");
        assertThat(names.clean(e, "x")).isSameAs(e);
    }
}
