package org.datasetexport.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.datasetexport.DatasetExport;
import org.datasetexport.ExportResult;
import org.datasetexport.Partition;
import org.datasetexport.RecordException;
import org.datasetexport.data.DataType;
import org.datasetexport.data.Datasets;
import org.datasetexport.data.Field;
import org.datasetexport.data.Row;
import org.datasetexport.data.Schema;
import org.datasetexport.testing.MemoryDestination;
import org.junit.jupiter.api.Test;

/**
 * Issue 32, item 8: a partition value no store can take in a directory name is a bad record (row,
 * field, no value in the message) found before any file is opened for it — it used to fail the run
 * after rows were read as a configuration error quoting the raw value; C1 control characters are
 * escaped like the others, so they no longer fail at all.
 */
class PartitionHostileValuesTest {
    private static final Schema SCHEMA = Schema.of(Field.required("id", DataType.LONG), Field.optional("tag", DataType.STRING));

    @Test
    void aC1ControlCharacter_isEscaped_andReadsBack() {
        MemoryDestination memory = MemoryDestination.create();
        ExportResult result = DatasetExport.from(Datasets.of("ds", SCHEMA, List.of(Row.of(1L, "next\u0085line"), Row.of(2L, "csi\u009b"))))
                .to(memory).format("text").partitionBy(Partition.identity("tag")).run();
        assertThat(result.files()).extracting(f -> f.path().split("/")[2]).containsExactlyInAnyOrder("tag=next%85line", "tag=csi%9B");
        assertThat(PartitionLayout.unescape("next%85line")).isEqualTo("next\u0085line");
    }

    @Test
    void aValueTooLongForADirectoryName_isARecordError_beforeAnyFileIsOpenedForIt() {
        MemoryDestination memory = MemoryDestination.create();
        String secretish = "patient-" + "x".repeat(300);
        assertThatThrownBy(() -> DatasetExport.from(Datasets.of("ds", SCHEMA, List.of(Row.of(1L, "ok"), Row.of(2L, secretish))))
                .to(memory).format("text").partitionBy(Partition.identity("tag")).run())
                .isInstanceOf(RecordException.class).hasMessageContaining("Dataset \"ds\", row 1, field \"tag\"")
                .hasMessageContaining("fits 255 bytes").hasMessageNotContaining("patient-");
        assertThat(memory.committedPaths()).isEmpty();
        memory.assertNoOpenOutputs();
        // multi-byte characters count in bytes: 100 × 'é' (200 bytes) fit, 130 (260 bytes) do not
        assertThat(DatasetExport.from(Datasets.of("ds", SCHEMA, List.of(Row.of(1L, "é".repeat(100))))).to(memory).format("text")
                .partitionBy(Partition.identity("tag")).run().files()).hasSize(1);
        assertThatThrownBy(() -> DatasetExport.from(Datasets.of("ds", SCHEMA, List.of(Row.of(1L, "é".repeat(130))))).to(memory)
                .format("text").partitionBy(Partition.identity("tag")).run()).isInstanceOf(RecordException.class);
    }

    @Test
    void aFolderTooLongForTheRunsFiles_isRefusedBeforeAnyRowIsRead() throws Exception {
        MemoryDestination memory = MemoryDestination.create();
        org.datasetexport.CountingDataset counted = new org.datasetexport.CountingDataset(Datasets.of("ds", SCHEMA,
                List.of(Row.of(1L, "a"))));
        String folder = String.join("/", java.util.Collections.nCopies(100, "nested-folder"));
        assertThatThrownBy(() -> DatasetExport.from(counted).to(memory).folder(folder).format("text").run())
                .isInstanceOf(org.datasetexport.ConfigurationException.class).hasMessageContaining("paths of")
                .hasMessageContaining("more than the 1024 a store takes");
        assertThat(counted.reads).hasValue(0);
        assertThat(memory.list("")).isEmpty();
    }

    @Test
    void partitionDirectoriesThatMakeThePathTooLong_areARecordError() {
        MemoryDestination memory = MemoryDestination.create();
        String folder = String.join("/", java.util.Collections.nCopies(60, "nested-folder"));
        assertThatThrownBy(() -> DatasetExport.from(Datasets.of("ds", SCHEMA, List.of(Row.of(1L, "v".repeat(200))))).to(memory)
                .folder(folder).format("text").partitionBy(Partition.identity("tag")).run())
                .isInstanceOf(RecordException.class).hasMessageContaining("row 0, field \"tag\"").hasMessageContaining("within 1024");
    }
}
