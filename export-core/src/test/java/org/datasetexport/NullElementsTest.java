package org.datasetexport;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.datasetexport.data.DataType;
import org.datasetexport.data.Datasets;
import org.datasetexport.data.Field;
import org.datasetexport.data.Schema;
import org.datasetexport.testing.MemoryDestination;
import org.junit.jupiter.api.Test;

/**
 * Issue 32, item 8: a null inside a varargs array (a field, a partition, a label) is refused with a
 * ConfigurationException that names it, not the raw NullPointerException {@code List.of} throws.
 */
class NullElementsTest {
    private final Field id = Field.required("id", DataType.LONG);

    @Test
    void aNullField_inSchemaOfOrAStruct() {
        assertThatThrownBy(() -> Schema.of(id, null)).isInstanceOf(ConfigurationException.class)
                .hasMessage("field must not be null");
        assertThatThrownBy(() -> DataType.struct(id, null)).isInstanceOf(ConfigurationException.class)
                .hasMessage("field must not be null");
    }

    @Test
    void aNullPartition_inPartitionBy() {
        assertThatThrownBy(() -> DatasetExport.from(ExportTestData.dataset(1)).to(MemoryDestination.create())
                .partitionBy(new Partition[] {null})).isInstanceOf(ConfigurationException.class)
                .hasMessage("partition must not be null");
    }

    @Test
    void aNullLabel_inWithLabels() {
        assertThatThrownBy(() -> Datasets.withLabels(ExportTestData.dataset(1), "C1", null))
                .isInstanceOf(ConfigurationException.class).hasMessage("label must not be null");
    }
}
