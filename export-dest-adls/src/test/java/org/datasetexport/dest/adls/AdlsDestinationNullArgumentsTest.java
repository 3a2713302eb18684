package org.datasetexport.dest.adls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.datasetexport.testdata.NullArguments;
import org.junit.jupiter.api.Test;

/** Every method of {@code AdlsDestination.builder()} refuses null with a ConfigurationException naming the argument (found by reflection). */
class AdlsDestinationNullArgumentsTest {
    @Test
    void everyBuilderMethod_refusesNull_namingTheArgument() {
        assertThat(NullArguments.offences(AdlsDestination::builder, Set.of())).isEmpty();
    }
}
