package org.datasetexport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.datasetexport.testing.MemoryDestination;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ExportBuilderTest {
    private final MemoryDestination memory = MemoryDestination.create();

    private ExportBuilder builder() {
        return DatasetExport.from(ExportTestData.dataset(10));
    }

    static Stream<Arguments> nullArguments() {
        return Stream.<Arguments>of(
                Arguments.of("destination URI", (Consumer<ExportBuilder>) b -> b.to((String) null)),
                Arguments.of("destination", (Consumer<ExportBuilder>) b -> b.to((org.datasetexport.spi.Destination) null)),
                Arguments.of("folder", (Consumer<ExportBuilder>) b -> b.folder(null)),
                Arguments.of("format name", (Consumer<ExportBuilder>) b -> b.format((String) null)),
                Arguments.of("format", (Consumer<ExportBuilder>) b -> b.format((org.datasetexport.spi.Format) null)),
                Arguments.of("compression", (Consumer<ExportBuilder>) b -> b.compression(null)),
                Arguments.of("listener", (Consumer<ExportBuilder>) b -> b.listener(null)),
                Arguments.of("clock", (Consumer<ExportBuilder>) b -> b.clock(null)),
                Arguments.of("flowId", (Consumer<ExportBuilder>) b -> b.flowId(null)),
                Arguments.of("emptyOutput", (Consumer<ExportBuilder>) b -> b.emptyOutput(null)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nullArguments")
    void setter_null_throwsConfigurationExceptionNamingTheParameter(String name, Consumer<ExportBuilder> call) {
        assertThatThrownBy(() -> call.accept(builder())).isInstanceOf(ConfigurationException.class)
                .hasMessage(name + " must not be null");
    }

    @Test
    void from_nullDataset_isRejected() {
        assertThatThrownBy(() -> DatasetExport.from(null)).isInstanceOf(ConfigurationException.class)
                .hasMessage("dataset must not be null");
    }

    @Test
    void to_calledTwice_failsOnTheSecondCall() {
        assertThatThrownBy(() -> builder().to(memory).to("file:///tmp/x"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("already set");
    }

    @Test
    void format_stringAfterInstance_failsOnTheSecondCall() {
        assertThatThrownBy(() -> builder().format(new TextLinesFormat()).format("json"))
                .isInstanceOf(ConfigurationException.class).hasMessage("the format was already set to text");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../up", "a/../b", "a//b", "", "with space", "new\nline", "/abs"})
    void folder_invalid_isRejectedInTheSetter(String folder) {
        assertThatThrownBy(() -> builder().folder(folder)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("folder");
    }

    @Test
    void numericSettings_outOfRange_nameTheSettingAndValue() {
        assertThatThrownBy(() -> builder().parallelism(0)).hasMessage("parallelism must be 1 to 256, got 0");
        assertThatThrownBy(() -> builder().maxFileSize(-1)).hasMessage("maxFileSize must be positive, got -1");
        assertThatThrownBy(() -> builder().maxRecordsPerFile(0)).hasMessage("maxRecordsPerFile must be positive, got 0");
    }

    @Test
    void run_withoutDestination_failsBeforeReading() {
        assertThatThrownBy(() -> builder().format(new TextLinesFormat()).run())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("no destination");
    }

    @Test
    void run_compressionTheFormatLacks_listsTheAllowedOnes() {
        assertThatThrownBy(() -> builder().to(memory).format(new TextLinesFormat()).compression(Compression.SNAPPY).run())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("format \"text\" does not support compression SNAPPY; allowed: [NONE, GZIP]");
        assertThat(memory.commitLog()).isEmpty();
    }

    @Test
    void run_unknownFormat_listsKnownFormatsAndTheArtifact() {
        assertThatThrownBy(() -> builder().to(memory).format("parquet").run())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("No format named \"parquet\". Known:")
                .hasMessageContaining("org.datasetexport:export-format-parquet");
    }

    @Test
    void to_unknownScheme_listsKnownSchemesAndTheArtifact() {
        assertThatThrownBy(() -> builder().to("gs://bucket/x").format(new TextLinesFormat()).run())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("No destination for scheme \"gs\". Known: counting, file, memory. Add the artifact org.datasetexport:export-dest-gcs.");
    }

    @Test
    void destinations_malformedUri_doesNotEchoSecrets() {
        assertThatThrownBy(() -> Destinations.of("sftp://user:s3cret@host/p a th?sig=s3cret"))
                .isInstanceOf(ConfigurationException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
    }

    @Test
    void destinations_unknownFileOption_listsValidKeys() {
        assertThatThrownBy(() -> Destinations.of("file:///tmp/x", Map.of("region", "eu")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("unknown option \"region\" for a file: destination; valid keys: [id]");
    }

    @Test
    void memoryUri_resolvesTheRegisteredDestination() {
        try (MemoryDestination named = MemoryDestination.named("builder-test")) {
            ExportResult result = builder().to("memory://builder-test").format(new TextLinesFormat()).run();
            assertThat(named.committedPaths()).containsExactly(result.files().get(0).path());
        }
        assertThatThrownBy(() -> Destinations.of("memory://builder-test"))
                .hasMessageContaining("no MemoryDestination named \"builder-test\"");
    }

}
