package org.datasetexport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.datasetexport.data.DataType;
import org.datasetexport.data.Schema;
import org.datasetexport.testdata.NullArguments;
import org.junit.jupiter.api.Test;

/**
 * Every public builder refuses a null argument with a ConfigurationException that names it, never a
 * raw NullPointerException: checked by reflection over all their methods (the hand-written list in
 * ExportBuilderTest covered 10 of about 28 setters).
 */
class NullArgumentsTest {
    @Test
    void exportBuilder() {
        assertThat(NullArguments.offences(() -> DatasetExport.from(ExportTestData.dataset(1)), Set.of())).isEmpty();
    }

    @Test
    void exportSettingsBuilder() {
        assertThat(NullArguments.offences(ExportSettings::builder, Set.of())).isEmpty();
    }




    @Test
    void schemaBuilder() {
        assertThat(NullArguments.offences(Schema::builder, Set.of())).isEmpty();
        assertThat(DataType.STRING).isNotNull();
    }
}
