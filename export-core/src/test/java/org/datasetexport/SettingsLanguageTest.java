package org.datasetexport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.datasetexport.testdata.SettingsFixtures;
import org.junit.jupiter.api.Test;

/**
 * The one settings language: every property of {@link ExportSettings} has a key, is printed and
 * read back, and round-trips through the state JSON. The CLI's and the Spring starter's own tests
 * set every property through their front end with the same fixture.
 */
class SettingsLanguageTest {
    private final ExportSettings every = SettingsFixtures.everyField();

    @Test
    void theFixtureSetsEveryProperty_foundByReflection() {
        assertThat(SettingsFixtures.properties()).hasSize(ExportSettings.treeKeys().size());
        assertThat(SettingsFixtures.propertiesAtTheirDefault(every)).as("properties the every-field fixture leaves at default")
                .isEmpty();
    }

    @Test
    void everyKeyIsPrinted_andTheTreeReadsBackEqual() {
        Map<String, Object> tree = every.toTree();
        assertThat(tree.keySet()).containsExactlyElementsOf(ExportSettings.treeKeys());
        assertThat(ExportSettings.fromTree(tree, "")).isEqualTo(every);
        assertThat(ExportSettings.fromTree(ExportSettings.defaults().toTree(), "")).isEqualTo(ExportSettings.defaults());
        assertThat(ExportSettings.fromTree(Map.of(), "")).isEqualTo(ExportSettings.defaults());
    }


    @Test
    void valuesAsTextFromPropertiesFiles_readTheSame() {
        // every value as text, as a properties file gives it; then other spellings of some of them
        Map<String, Object> text = new LinkedHashMap<>();
        every.toTree().forEach((key, value) -> text.put(key, value instanceof Map || value instanceof List ? value : String.valueOf(value)));
        text.put("compression", "GZIP");
        text.put("max-file-size", "64MiB");
        text.put("empty-output", "write_empty_file");
        text.put("partition-by", Map.of("0", "day:ingested", "1", "bucket:4:id")); // as Spring binds a list into a map
        text.put("retention", Map.of("older-than", "30d"));
        text.put("incremental-lag", "2m");
        assertThat(ExportSettings.fromTree(text, "")).isEqualTo(every);
    }

    @Test
    void refusals_nameTheKeyAndWhereItCameFrom() {
        assertThatThrownBy(() -> ExportSettings.fromTree(Map.of("max-file-sise", 1), "flows.f.settings"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("flows.f.settings: unknown key 'max-file-sise' (known: compression, ");
        assertThatThrownBy(() -> ExportSettings.fromTree(Map.of("compression", "lz4"), "flows.f.settings"))
                .hasMessage("flows.f.settings.compression: \"lz4\" is not one of [none, gzip, snappy, zstd]");
        assertThatThrownBy(() -> ExportSettings.fromTree(Map.of("max-file-size", "big"), "s"))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("s.max-file-size");
        assertThatThrownBy(() -> ExportSettings.fromTree(Map.of("parallelism", "0"), "s"))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("s.parallelism: ");
        assertThatThrownBy(() -> ExportSettings.fromTree(Map.of("retention", Map.of("keep-last", 3, "older-than", "1d")), "s"))
                .hasMessage("s.retention needs exactly one of keep-last and older-than");
        assertThatThrownBy(() -> ExportSettings.fromTree(Map.of("manifest", List.of("x")), "s"))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("s.manifest: ");
        assertThatThrownBy(() -> ExportSettings.fromTree(Map.of("parallelism", 1L << 40), "s"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("out of range");
    }

    @Test
    void schedules_roundTripAndRefuseTwoKinds() {
        java.time.Instant start = java.time.Instant.parse("2026-12-01T00:00:00Z");
        for (Schedule s : List.of(Schedule.everyHours(3).startingAt(start), Schedule.daily(java.time.LocalTime.of(2, 30)),
                Schedule.once(start).endingAt(start.plusSeconds(3600)))) {
            assertThat(Schedule.fromTree(s.toTree(), "")).isEqualTo(s);
        }
        assertThatThrownBy(() -> Schedule.fromTree(Map.of("daily", "02:30", "every-hours", 2), "flows.f.schedule"))
                .hasMessage("flows.f.schedule needs exactly one of once, every-hours, daily; got 2");
        assertThatThrownBy(() -> Schedule.fromTree(Map.of("every-hours", 9), "flows.f.schedule"))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("flows.f.schedule: ");
    }
}
