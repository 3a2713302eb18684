package org.datasetexport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.datasetexport.ExportSettings;
import org.datasetexport.flows.FlowDefinition;
import org.datasetexport.Schedule;
import org.datasetexport.encryption.pgp.PgpKeys;
import org.datasetexport.testdata.SettingsFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flows YAML sets every property of {@link ExportSettings} (the reflective every-field fixture),
 * with the keys of the settings language, and reads it back equal.
 */
class FlowsFileSettingsTest {
    @TempDir
    Path dir;

    @Test
    void everySetting_inTheFlowsYaml_readsBackEqual() throws Exception {
        ExportSettings every = SettingsFixtures.everyField();
        Path key = Files.writeString(dir.resolve("customer.asc"), PgpKeys.rsa().armoredPublic);
        Map<String, Object> flow = new LinkedHashMap<>();
        flow.put("dataset", "events");
        flow.put("connection", "lake");
        flow.put("schedule", Schedule.everyHours(2).toTree());
        flow.put("settings", every.toTree());
        Map<String, Object> yaml = new LinkedHashMap<>();
        yaml.put("state", Map.of("directory", dir.resolve("state").toString()));
        yaml.put("connections", Map.of("lake", Map.of("uri", dir.resolve("out").toUri().toString())));
        yaml.put("encryption-keys", Map.of("customer-key", Map.of("pgp-public-key", key.toString())));
        yaml.put("flows", Map.of("f", flow));
        Path file = dir.resolve("flows.yaml");
        new ObjectMapper(new YAMLFactory()).writeValue(file.toFile(), yaml);

        try (FlowsFile f = FlowsFile.load(file, new SecretReferences(name -> null))) {
            FlowDefinition definition = f.flows().get(0);
            assertThat(definition.settings()).isEqualTo(every);
            assertThat(definition.schedule()).isEqualTo(Schedule.everyHours(2));
        }
        assertThat(Files.readString(file)).contains("max-file-size", "on-schema-change", "encryption-key", "partition-by");
    }

    @Test
    void aFlowNamingAnEncryptionKeyTheFileDoesNotDeclare_isRefusedNamingIt() throws Exception {
        Path file = dir.resolve("flows.yaml");
        Files.writeString(file, """
                state: { directory: %s }
                connections: { lake: { uri: %s } }
                flows:
                  f:
                    dataset: events
                    connection: lake
                    schedule: { every-hours: 1 }
                    settings: { format: json, encryption-key: customer-key }
                """.formatted(dir.resolve("state"), dir.resolve("out").toUri()));
        CliProcess.Run run = CliProcess.cli("flows", "list", "--config", file.toString());
        assertThat(run.code()).isEqualTo(DatasetExportCli.USAGE);
        assertThat(run.err()).contains("flows.f.settings.encryption-key: no key named 'customer-key' under encryption-keys");
        assertThat(dir.resolve("out")).doesNotExist();
    }
}
