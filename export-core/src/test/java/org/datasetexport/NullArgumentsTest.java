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
    void exportSchedulerBuilder() {
        assertThat(NullArguments.offences(ExportScheduler::builder, Set.of())).isEmpty();
    }

    @Test
    void flowDefinitionBuilder() {
        assertThat(NullArguments.offences(FlowDefinition::builder, Set.of())).isEmpty();
    }

    @Test
    void exportRunBuilder_nullMeansNone() {
        // the optional parts of a run: null is "none", documented on each setter
        assertThat(NullArguments.offences(() -> ExportRun.scheduled("r", "f", RunTrigger.SCHEDULED, 1,
                        java.time.Instant.EPOCH, java.time.Instant.EPOCH, org.datasetexport.data.TimeWindow.upTo(java.time.Instant.EPOCH))
                .toBuilder(), Set.of("finishedAt", "manifestPath", "error", "note", "schema", "schemaChange", "schemaFingerprint")))
                .isEmpty();
    }

    @Test
    void schemaBuilder() {
        assertThat(NullArguments.offences(Schema::builder, Set.of())).isEmpty();
        assertThat(DataType.STRING).isNotNull();
    }
}
