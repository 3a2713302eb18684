package org.datasetexport.flows.internal.state;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.datasetexport.flows.FlowDefinition;

/**
 * Says in words what changed between two flow definitions ({@code settings.compression none ->
 * gzip}), for the history entry a changed definition gets. Works on the JSON form, so a setting
 * added later is compared without touching this class.
 */
public final class DefinitionDiff {
    private DefinitionDiff() {
    }

    /**
     * @param before the stored definition
     * @param after the new one
     * @return the changed fields, comma-separated; empty when the definitions are equal
     */
    public static String describe(FlowDefinition before, FlowDefinition after) {
        Map<String, String> a = flatten(FlowJson.parse(before.toJson(), "flow definition"));
        Map<String, String> b = flatten(FlowJson.parse(after.toJson(), "flow definition"));
        TreeMap<String, String> keys = new TreeMap<>();
        a.keySet().forEach(k -> keys.put(k, k));
        b.keySet().forEach(k -> keys.put(k, k));
        List<String> changes = new ArrayList<>();
        for (String key : keys.keySet()) {
            String x = a.getOrDefault(key, "(none)");
            String y = b.getOrDefault(key, "(none)");
            if (!x.equals(y)) {
                changes.add(key + " " + x + " -> " + y);
            }
        }
        return String.join(", ", changes);
    }

    private static Map<String, String> flatten(JsonNode root) {
        Map<String, String> out = new TreeMap<>();
        flatten("", root, out);
        out.remove("formatVersion");
        return out;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            node.properties().forEach(e -> flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out));
        } else if (!node.isNull()) {
            out.put(prefix, node.asText());
        }
    }
}
