package org.datasetexport.dest.azure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.datasetexport.testdata.NullArguments;
import org.junit.jupiter.api.Test;

/** Every method of {@code AzureBlobDestination.builder()} refuses null with a ConfigurationException naming the argument (found by reflection). */
class AzureBlobDestinationNullArgumentsTest {
    @Test
    void everyBuilderMethod_refusesNull_namingTheArgument() {
        assertThat(NullArguments.offences(AzureBlobDestination::builder, Set.of())).isEmpty();
    }
}
