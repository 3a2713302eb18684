package org.datasetexport.format.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.datasetexport.testdata.NullArguments;
import org.junit.jupiter.api.Test;

/** Every method of {@code CsvFormat.builder()} refuses null with a ConfigurationException naming the argument (found by reflection). */
class CsvFormatNullArgumentsTest {
    @Test
    void everyBuilderMethod_refusesNull_namingTheArgument() {
        // null is documented as "the default" for these
        assertThat(NullArguments.offences(CsvFormat::builder, Set.of("dateTimeFormat"))).isEmpty();
    }
}
