package org.datasetexport.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.datasetexport.ExportSettings;
import org.datasetexport.flows.FlowDefinition;
import org.datasetexport.testdata.SettingsFixtures;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * Spring's properties set every property of {@link ExportSettings} (the reflective every-field
 * fixture) under {@code datasetexport.flows.<id>.settings.*}, bound by Spring's own relaxed binding
 * (as a properties file or environment gives them: text, lists as {@code [0]}), and read back equal.
 */
class SettingsPropertiesTest {
    private static void flatten(String prefix, Object value, Map<String, String> out) {
        if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> flatten(prefix + "." + k, v, out));
        } else if (value instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                flatten(prefix + "[" + i + "]", l.get(i), out);
            }
        } else {
            out.put(prefix, String.valueOf(value));
        }
    }

    @Test
    void everySetting_asSpringProperties_readsBackEqual() {
        ExportSettings every = SettingsFixtures.everyField();
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("datasetexport.flows.f.dataset", "events");
        properties.put("datasetexport.flows.f.connection", "lake");
        properties.put("datasetexport.flows.f.schedule.every-hours", "2");
        flatten("datasetexport.flows.f.settings", every.toTree(), properties);

        DatasetExportProperties bound = new Binder(new MapConfigurationPropertySource(properties))
                .bind("datasetexport", DatasetExportProperties.class).get();
        FlowDefinition definition = FlowProperties.definition("f", bound.getFlows().get("f"));
        assertThat(definition.settings()).isEqualTo(every);
    }
}
