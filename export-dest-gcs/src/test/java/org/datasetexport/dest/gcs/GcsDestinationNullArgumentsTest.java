package org.datasetexport.dest.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.datasetexport.testdata.NullArguments;
import org.junit.jupiter.api.Test;

/** Every method of {@code GcsDestination.builder()} refuses null with a ConfigurationException naming the argument (found by reflection). */
class GcsDestinationNullArgumentsTest {
    @Test
    void everyBuilderMethod_refusesNull_namingTheArgument() {
        assertThat(NullArguments.offences(GcsDestination::builder, Set.of())).isEmpty();
    }
}
