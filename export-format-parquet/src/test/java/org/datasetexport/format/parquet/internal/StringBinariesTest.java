package org.datasetexport.format.parquet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.parquet.io.api.Binary;
import org.junit.jupiter.api.Test;

class StringBinariesTest {
    @Test
    void repeatedValue_isEncodedOnce_andHandedOutAsTheSameInstance() {
        StringBinaries binaries = new StringBinaries();
        Binary first = binaries.of("päge 1");
        Binary again = binaries.of(new String("päge 1".toCharArray()));

        assertThat(again).isSameAs(first);
        assertThat(first.toStringUsingUTF8()).isEqualTo("päge 1");
        assertThat(binaries.of("page 2")).isNotSameAs(first).isEqualTo(Binary.fromString("page 2"));
    }

    @Test
    void columnOfDistinctValues_turnsTheCacheOff_andStillEncodesEveryValue() {
        StringBinaries binaries = new StringBinaries();
        for (int i = 0; i < 100_000; i++) {
            assertThat(binaries.of("id-" + i).toStringUsingUTF8()).isEqualTo("id-" + i);
        }
        assertThat(binaries.isOff()).isTrue();
    }

    @Test
    void columnOfFewValues_keepsTheCache() {
        StringBinaries binaries = new StringBinaries();
        Binary first = binaries.of("v0");
        for (int i = 0; i < 100_000; i++) {
            binaries.of("v" + (i % 50));
        }
        assertThat(binaries.isOff()).isFalse();
        assertThat(binaries.of("v0")).isSameAs(first);
    }

    @Test
    void longValues_areNotKept() {
        StringBinaries binaries = new StringBinaries();
        String value = "x".repeat(1000);
        assertThat(binaries.of(value)).isNotSameAs(binaries.of(value)).isEqualTo(Binary.fromString(value));
    }
}
