package org.datasetexport.format.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.datasetexport.testdata.NullArguments;
import org.junit.jupiter.api.Test;

/** Every method of {@code ParquetFormat.builder()} refuses null with a ConfigurationException naming the argument (found by reflection). */
class ParquetFormatNullArgumentsTest {
    @Test
    void everyBuilderMethod_refusesNull_namingTheArgument() {
        assertThat(NullArguments.offences(ParquetFormat::builder, Set.of())).isEmpty();
    }
}
