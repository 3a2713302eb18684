package org.datasetexport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.datasetexport.data.Datasets;
import org.datasetexport.testing.MemoryDestination;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ExportSettingsTest {
    private static final ExportSettings EVERY_FIELD_CHANGED = ExportSettings.builder().folder("a/b").format("parquet")
            .formatOptions(Map.of("row-group-size", "64MiB")).compression(Compression.ZSTD).manifest(true)
            .maxFileSize(123).maxRecordsPerFile(45).parallelism(6).emptyOutput(EmptyOutput.WRITE_EMPTY_FILE)
            .mode(ExportMode.FIRST_FULL_THEN_INCREMENTAL).incrementalLag(Duration.ofMinutes(7)).purpose("analytics")
            .encryption("partner-key").build();

    @Test
    void defaults_areTheDocumentedOnes() {
        ExportSettings d = ExportSettings.defaults();
        assertThat(d.folder()).isEmpty();
        assertThat(d.format()).isEqualTo("json");
        assertThat(d.formatOptions()).isEmpty();
        assertThat(d.compression()).isEqualTo(Compression.NONE);
        assertThat(d.manifest()).isFalse();
        assertThat(d.maxFileSize()).isEqualTo(1L << 30);
        assertThat(d.maxRecordsPerFile()).isEqualTo(Long.MAX_VALUE);
        assertThat(d.parallelism()).isEqualTo(1);
        assertThat(d.emptyOutput()).isEqualTo(EmptyOutput.NO_FILE);
        assertThat(d.mode()).isEqualTo(ExportMode.FULL);
        assertThat(d.incrementalLag()).isZero();
        assertThat(d.purpose()).isEmpty();
        assertThat(d.encryption()).isEmpty();
        assertThat(ExportSettings.builder().build()).isEqualTo(d).hasSameHashCodeAs(d);
    }

    @Test
    void toBuilder_copiesEveryFieldAndChangesOnlyWhatIsSet() {
        assertThat(EVERY_FIELD_CHANGED.toBuilder().build()).isEqualTo(EVERY_FIELD_CHANGED);
        ExportSettings changed = EVERY_FIELD_CHANGED.toBuilder().parallelism(2).noPurpose().noEncryption().build();
        assertThat(changed.parallelism()).isEqualTo(2);
        assertThat(changed.purpose()).isEmpty();
        assertThat(changed.encryption()).isEmpty();
        assertThat(changed.toBuilder().parallelism(6).purpose("analytics").encryption("partner-key").build())
                .isEqualTo(EVERY_FIELD_CHANGED);
        assertThat(EVERY_FIELD_CHANGED.parallelism()).isEqualTo(6);
    }


    @Test
    void formatOptions_areCopiedSortedAndImmutable() {
        Map<String, String> options = new HashMap<>(Map.of("b", "2", "a", "1"));
        ExportSettings s = ExportSettings.builder().formatOptions(options).build();
        options.put("c", "3");
        assertThat(s.formatOptions()).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
        s.formatOptions().put("z", "9");
        assertThat(s.formatOptions()).doesNotContainKey("z");
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of((Consumer<ExportSettings.Builder>) b -> b.parallelism(0), "parallelism must be 1 to 256, got 0"),
                Arguments.of((Consumer<ExportSettings.Builder>) b -> b.maxFileSize(-1), "maxFileSize must be positive, got -1"),
                Arguments.of((Consumer<ExportSettings.Builder>) b -> b.maxRecordsPerFile(0), "maxRecordsPerFile must be positive, got 0"),
                Arguments.of((Consumer<ExportSettings.Builder>) b -> b.incrementalLag(Duration.ofSeconds(-1)),
                        "incrementalLag must not be negative, got PT-1S"),
                Arguments.of((Consumer<ExportSettings.Builder>) b -> b.folder("../up"), "folder"),
                Arguments.of((Consumer<ExportSettings.Builder>) b -> b.encryption("a/b"), "encryption key name"),
                Arguments.of((Consumer<ExportSettings.Builder>) b -> b.compression(null), "compression"),
                Arguments.of((Consumer<ExportSettings.Builder>) b -> b.formatOptions(null), "format options"),
                Arguments.of((Consumer<ExportSettings.Builder>) b -> b.format(" "), "format name must not be blank"),
                Arguments.of((Consumer<ExportSettings.Builder>) b -> b.mode(null), "mode"),
                Arguments.of((Consumer<ExportSettings.Builder>) b -> b.emptyOutput(null), "emptyOutput"),
                Arguments.of((Consumer<ExportSettings.Builder>) b -> b.purpose(null), "purpose"));
    }

    @ParameterizedTest
    @MethodSource("badValues")
    void setter_badValue_failsInTheSetterNamingIt(Consumer<ExportSettings.Builder> setter, String message) {
        assertThatThrownBy(() -> setter.accept(ExportSettings.builder())).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(message);
    }

    @Test
    void exportBuilder_collectsIntoOneSettingsValue() {
        ExportBuilder builder = DatasetExport.from(Datasets.of("ds", ExportTestData.SCHEMA, java.util.List.of()))
                .to(MemoryDestination.create()).settings(EVERY_FIELD_CHANGED).parallelism(3);
        assertThat(builder.settings()).isEqualTo(EVERY_FIELD_CHANGED.toBuilder().parallelism(3).build());
        // what the builder does afterwards does not change a value it handed out
        ExportSettings taken = builder.settings();
        builder.parallelism(9);
        assertThat(taken.parallelism()).isEqualTo(3);
    }

}
