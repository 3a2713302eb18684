package org.datasetexport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.datasetexport.data.DataType;
import org.datasetexport.data.Datasets;
import org.datasetexport.data.Field;
import org.datasetexport.data.Row;
import org.datasetexport.data.Schema;
import org.datasetexport.data.TimeWindow;
import org.datasetexport.dest.file.FileDestination;
import org.datasetexport.policy.FieldAction;
import org.datasetexport.policy.PolicyViolationException;
import org.datasetexport.policy.RuleBasedPolicy;
import org.datasetexport.testing.MemoryDestination;
import org.datasetexport.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, item 2: {@code dryRun()} on the builder and on flows shows what a run would write —
 * folder, example names, splits, schema after the policy, window, the destination's check — with
 * every check {@code run()} makes before reading, and it reads no row, writes nothing and changes
 * no flow state.
 */
class DryRunTest {
    private static final Schema SCHEMA = Schema.of(
            Field.required("id", DataType.LONG),
            Field.optional("email", DataType.STRING).withLabels("I1"),
            Field.optional("ssn", DataType.STRING).withLabels("S1"));

    private final MemoryDestination memory = MemoryDestination.create();
    private final MutableClock clock = MutableClock.at(Instant.parse("2026-11-28T09:00:30Z"));

    private static CountingDataset people(int rows) {
        List<Row> list = new ArrayList<>();
        for (long i = 0; i < rows; i++) {
            list.add(Row.of(i, "p" + i + "@example.com", "123-45-" + i));
        }
        return new CountingDataset(Datasets.of("people", SCHEMA, list));
    }

    @Test
    void builder_previewsFolderFilesSplitsAndSchema_readingNoRowAndWritingNothing() {
        CountingDataset dataset = people(25_000);
        ExportPreview preview = DatasetExport.from(dataset).to(memory).format(new TextLinesFormat()).clock(clock)
                .folder("nightly").manifest(true).parallelism(2)
                .policy(RuleBasedPolicy.builder().dropFieldsWithLabel("S1").hashFieldsWithLabel("I1").build())
                .dryRun();

        assertThat(preview.runFolder()).isEqualTo("nightly/people/exportTime=202611280900");
        assertThat(preview.splits()).isEqualTo(2);
        assertThat(preview.exampleFiles()).hasSize(2).allMatch(f -> f.startsWith("nightly/people/exportTime=202611280900/part-0000")
                && f.endsWith("-c000.txt"));
        assertThat(preview.manifestPath()).hasValueSatisfying(m -> assertThat(m).contains("/manifest-"));
        assertThat(preview.schema().fields()).extracting(Field::name).containsExactly("id", "email");
        assertThat(preview.fieldActions()).extracting(FieldAction::fieldPath).containsExactlyInAnyOrder("ssn", "email");
        assertThat(preview.policyApplied()).isTrue();
        assertThat(preview.window()).isEqualTo(TimeWindow.upTo(Instant.parse("2026-11-28T09:00:30Z")));
        assertThat(preview.destinationReady()).isTrue();
        assertThat(preview.toString()).contains("nightly/people/exportTime=202611280900", "2 split(s)", "destination check passed");

        assertThat(dataset.reads).as("rows read").hasValue(0);
        assertThat(memory.committedPaths()).isEmpty();
        assertThat(memory.commitLog()).isEmpty();
        memory.assertNoOpenOutputs();
    }

    @Test
    void builder_raisesWhatRunWouldRaiseBeforeReading() {
        CountingDataset dataset = people(10);
        assertThatThrownBy(() -> DatasetExport.from(dataset).to(memory).format("no-such-format").dryRun())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("no-such-format");
        assertThatThrownBy(() -> DatasetExport.from(dataset).to(memory).format(new TextLinesFormat())
                .compression(Compression.SNAPPY).dryRun())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("SNAPPY");
        assertThatThrownBy(() -> DatasetExport.from(Datasets.withLabels(dataset, "C2")).to(memory).format(new TextLinesFormat())
                .purpose("marketing action").policy(RuleBasedPolicy.builder().denyPurposeForLabel("marketing action", "C2").build())
                .dryRun())
                .isInstanceOf(PolicyViolationException.class);
        assertThatThrownBy(() -> DatasetExport.from(dataset).format(new TextLinesFormat()).dryRun())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("no destination");
        assertThat(dataset.reads).hasValue(0);
        assertThat(memory.committedPaths()).isEmpty();
    }

    @Test
    void aFailingDestinationCheck_isReportedNotThrown(@TempDir Path dir) throws IOException {
        Path notAFolder = Files.writeString(dir.resolve("plain-file"), "x");
        ExportPreview preview = DatasetExport.from(people(10)).to(FileDestination.of(notAFolder)).format(new TextLinesFormat())
                .dryRun();
        assertThat(preview.destinationReady()).isFalse();
        assertThat(preview.destinationProblem()).hasValueSatisfying(p -> assertThat(p).startsWith("DestinationException: "));
        assertThat(preview.toString()).contains("destination check FAILED");
        assertThat(Files.readString(notAFolder)).isEqualTo("x");
    }

}
