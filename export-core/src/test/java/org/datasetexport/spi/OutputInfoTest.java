package org.datasetexport.spi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OutputInfoTest {
    private static final long MIB = 1024L * 1024;

    @Test
    void partSizeFor_keepsTheConfiguredSizeWhenTheLimitIsFarAway() {
        assertThat(new OutputInfo("r", "d", 1L << 30).partSizeFor(8 * MIB, 10_000)).isEqualTo(8 * MIB);
    }

    @Test
    void partSizeFor_growsToWholeMebibytesSoTheFileFitsWithAMargin() {
        long maxFileSize = 200L * 1024 * MIB; // 200 GiB in 10,000 parts with a 10 % margin
        long size = new OutputInfo("r", "d", maxFileSize).partSizeFor(8 * MIB, 10_000);
        assertThat(size % MIB).isZero();
        assertThat(size * 10_000).isGreaterThanOrEqualTo((long) (maxFileSize * 1.1));
        assertThat(size).isEqualTo(23 * MIB);
    }
}
