package org.datasetexport.dest.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.datasetexport.testdata.NullArguments;
import org.junit.jupiter.api.Test;

/** Every method of {@code SftpDestination.builder()} refuses null with a ConfigurationException naming the argument (found by reflection). */
class SftpDestinationNullArgumentsTest {
    @Test
    void everyBuilderMethod_refusesNull_namingTheArgument() {
        assertThat(NullArguments.offences(SftpDestination::builder, Set.of())).isEmpty();
    }
}
