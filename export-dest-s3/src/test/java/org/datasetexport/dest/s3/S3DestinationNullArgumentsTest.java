package org.datasetexport.dest.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.datasetexport.testdata.NullArguments;
import org.junit.jupiter.api.Test;

/** Every method of {@code S3Destination.builder()} refuses null with a ConfigurationException naming the argument (found by reflection). */
class S3DestinationNullArgumentsTest {
    @Test
    void everyBuilderMethod_refusesNull_namingTheArgument() {
        // null is documented as "the default" for these
        assertThat(NullArguments.offences(S3Destination::builder, Set.of("endpointOverride", "serverSideEncryptionKms", "stsEndpoint"))).isEmpty();
    }
}
