package org.datasetexport.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.datasetexport.data.Schema;

/** Writes and reads the manifest JSON. */
public final class ManifestCodec {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ManifestCodec() {
    }

    /**
     * @param m the manifest
     * @return its UTF-8 JSON
     */
    public static byte[] toJson(Manifest m) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("flowRunId", m.flowRunId());
        root.put("scheduledTime", m.scheduledTime().toString());
        ArrayNode files = root.putArray("exportResults");
        for (Manifest.Entry e : m.exportResults()) {
            ObjectNode f = files.addObject();
            f.put("sinkPath", e.sinkPath());
            f.put("name", e.name());
            f.put("size", e.size());
            f.put("records", e.records());
            f.put("sha256", e.sha256());
            if (!e.partitionValues().isEmpty()) {
                ObjectNode values = f.putObject("partitionValues");
                e.partitionValues().forEach(values::put);
            }
        }
        root.put("datasetId", m.datasetId());
        root.put("flowId", m.flowId());
        root.put("format", m.format());
        root.put("compression", m.compression());
        root.put("mode", m.mode());
        ObjectNode window = root.putObject("window");
        window.put("from", m.windowFrom() == null ? null : m.windowFrom().toString());
        window.put("to", m.windowTo().toString());
        root.put("records", m.records());
        root.put("bytes", m.bytes());
        try {
            root.set("schema", MAPPER.readTree(m.schemaJson()));
            // lets a reader compare schemas across exports without parsing them (Schema.fingerprint())
            root.put("schemaFingerprint", Schema.fingerprintOf(m.schemaJson()));
            root.put("complete", m.complete());
            root.put("encrypted", m.encryption() != null);
            if (m.encryption() != null) {
                ObjectNode enc = root.putObject("encryption");
                enc.put("scheme", m.encryption());
                enc.put("recipientKeyId", m.encryptionKeyId());
            }
            return MAPPER.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("manifest could not be serialized", e);
        }
    }

    /**
     * @param in the manifest's bytes
     * @return the manifest
     * @throws IOException when reading fails or the JSON is not a manifest
     */
    public static Manifest read(InputStream in) throws IOException {
        JsonNode root = MAPPER.readTree(in);
        if (root == null || !root.isObject() || !root.path("exportResults").isArray()) {
            throw new IOException("not a manifest: no \"exportResults\" array");
        }
        List<Manifest.Entry> entries = new ArrayList<>();
        for (JsonNode f : root.path("exportResults")) {
            Map<String, String> values = new LinkedHashMap<>();
            f.path("partitionValues").fields().forEachRemaining(v -> values.put(v.getKey(), v.getValue().isNull() ? null : v.getValue().asText()));
            entries.add(new Manifest.Entry(text(f, "sinkPath"), text(f, "name"), f.path("size").asLong(-1),
                    f.path("records").asLong(-1), f.path("sha256").asText(""), values));
        }
        try {
            JsonNode window = root.path("window");
            return new Manifest(text(root, "flowRunId"), Instant.parse(text(root, "scheduledTime")), entries,
                    root.path("datasetId").asText(null), root.path("flowId").asText(null),
                    root.path("format").asText(null), root.path("compression").asText(null),
                    root.path("mode").asText(null),
                    window.hasNonNull("from") ? Instant.parse(window.get("from").asText()) : null,
                    window.hasNonNull("to") ? Instant.parse(window.get("to").asText()) : null,
                    root.path("records").asLong(-1), root.path("bytes").asLong(-1),
                    root.path("schema").toString(), root.path("complete").asBoolean(false),
                    root.path("encryption").path("scheme").asText(null), root.path("encryption").path("recipientKeyId").asText(null));
        } catch (DateTimeParseException e) {
            throw new IOException("not a manifest: bad time " + e.getParsedString(), e);
        }
    }

    private static String text(JsonNode node, String field) throws IOException {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new IOException("not a manifest: missing text field \"" + field + "\"");
        }
        return v.asText();
    }
}
