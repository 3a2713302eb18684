package org.datasetexport.dest.azure;

import java.time.Duration;
import org.datasetexport.ConfigurationException;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Blob and Data Landing Zone builders refuse the same out-of-range tuning values with the same messages. */
class BuilderLimitsTest {
    private static final long MIB = 1024L * 1024;

    @Test
    void blobBuilder_rejectsBlockSizeBlocksInFlightAndTriesOutOfRange() {
        assertThatThrownBy(() -> AzureBlobDestination.builder().blockSize(MIB - 1))
                .isInstanceOf(ConfigurationException.class).hasMessage("blockSize must be 1 MiB to 256 MiB, got 1048575");
        assertThatThrownBy(() -> AzureBlobDestination.builder().blockSize(256 * MIB + 1))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("blockSize must be 1 MiB to 256 MiB");
        assertThatThrownBy(() -> AzureBlobDestination.builder().blocksInFlight(33))
                .isInstanceOf(ConfigurationException.class).hasMessage("blocksInFlight must be 1 to 32, got 33");
        assertThatThrownBy(() -> AzureBlobDestination.builder().maxTries(0))
                .isInstanceOf(ConfigurationException.class).hasMessage("maxTries must be 1 to 10, got 0");
    }

    @Test
    void landingZone_saysItsFilesLastSevenDays() {
        try (DataLandingZoneDestination dlz = DataLandingZoneDestination.of(
                "http://127.0.0.1:10000/devstoreaccount1/landing?sv=2021-08-06&sig=x")) {
            assertThat(dlz.type()).isEqualTo("dlz");
            assertThat(dlz.fileLifetime()).contains(Duration.ofDays(7));
        }
    }

    @Test
    void landingZoneBuilder_rejectsTheSameValues() {
        String sas = "http://127.0.0.1:10000/devstoreaccount1/landing?sv=2021-08-06&sig=x";
        assertThatThrownBy(() -> DataLandingZoneDestination.builder(sas).blockSize(MIB - 1))
                .isInstanceOf(ConfigurationException.class).hasMessage("blockSize must be 1 MiB to 256 MiB, got 1048575");
        assertThatThrownBy(() -> DataLandingZoneDestination.builder(sas).blocksInFlight(0))
                .isInstanceOf(ConfigurationException.class).hasMessage("blocksInFlight must be 1 to 32, got 0");
        assertThatThrownBy(() -> DataLandingZoneDestination.builder(sas).maxTries(11))
                .isInstanceOf(ConfigurationException.class).hasMessage("maxTries must be 1 to 10, got 11");
    }
}
