package org.datasetexport.flows.internal.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.datasetexport.ConfigurationException;
import org.datasetexport.flows.ExportRun;
import org.datasetexport.ExportSettings;
import org.datasetexport.flows.FlowDefinition;
import org.datasetexport.flows.FlowStatus;
import org.datasetexport.flows.RunStatus;
import org.datasetexport.flows.RunTrigger;
import org.datasetexport.Schedule;
import org.datasetexport.SchemaChange;
import org.datasetexport.data.TimeWindow;
import org.datasetexport.flows.state.StoredFlow;
import org.datasetexport.flows.state.UnreadableStateException;

/**
 * JSON forms of flow definitions, stored flows and runs, shared by the state stores. Every
 * document carries {@code "formatVersion": 1}; documents without one were written before state was
 * versioned (a flat definition) and are still read. A document from a newer version is refused,
 * never half-read.
 */
public final class FlowJson {
    /** The version this code writes, and the newest it reads. */
    public static final int FORMAT_VERSION = 2;
    private static final String VERSION_FIELD = "formatVersion";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private FlowJson() {
    }

    // ---- definitions ----

    /**
     * @return the definition as JSON (format version 2): schedule and settings in the settings
     *         language ({@code ExportSettings.toTree()}), the spelling every front end uses
     */
    public static String definitionToJson(FlowDefinition d) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put(VERSION_FIELD, FORMAT_VERSION);
        n.put("flowId", d.flowId());
        n.put("datasetId", d.datasetId());
        n.put("connection", d.connection());
        n.set("schedule", MAPPER.valueToTree(d.schedule().toTree()));
        n.set("settings", MAPPER.valueToTree(d.settings().toTree()));
        return n.toString();
    }

    /**
     * @param json a definition of this or an earlier format version
     * @return the definition the JSON describes
     * @throws ConfigurationException naming what is wrong
     */
    public static FlowDefinition definitionFromJson(String json) {
        JsonNode n = parse(json, "flow definition");
        int version = formatVersion(n, "flow definition");
        try {
            FlowDefinition.Builder b = FlowDefinition.builder().flowId(text(n, "flowId")).datasetId(text(n, "datasetId"))
                    .connection(text(n, "connection"));
            if (version >= 2) {
                ConfigurationException.check(n.path("schedule").isObject(), "missing object field \"schedule\"");
                return b.schedule(Schedule.fromTree(tree(n.path("schedule")), "schedule"))
                        .settings(ExportSettings.fromTree(n.path("settings").isObject() ? tree(n.path("settings")) : Map.of(),
                                "settings")).build();
            }
            // versions 0 and 1 (read, then rewritten as version 2): camel-case settings, before
            // version 1 as top-level fields of the definition
            JsonNode settings = version == 0 ? n : n.path("settings");
            return b.schedule(scheduleFromNode(n.path("schedule"))).settings(SettingsJson.fromNode(settings)).build();
        } catch (IllegalArgumentException | DateTimeException e) {
            throw new ConfigurationException("flow definition JSON is not valid: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> tree(JsonNode n) {
        return MAPPER.convertValue(n, Map.class);
    }

    /** A schedule of format versions 0 and 1. */
    private static Schedule scheduleFromNode(JsonNode n) {
        ConfigurationException.check(n.isObject(), "missing object field \"schedule\"");
        Schedule s = switch (Schedule.Kind.valueOf(text(n, "kind"))) {
            case ONCE -> Schedule.once(Instant.parse(text(n, "at")));
            case EVERY_HOURS -> Schedule.everyHours(n.path("hours").asInt());
            case DAILY -> Schedule.daily(LocalTime.parse(text(n, "time")));
        };
        if (n.hasNonNull("start")) {
            s = s.startingAt(Instant.parse(n.get("start").asText()));
        }
        if (n.hasNonNull("end")) {
            s = s.endingAt(Instant.parse(n.get("end").asText()));
        }
        return s;
    }

    // ---- stored flows ----

    /** @return the flow's state (everything but id, definition and version) as JSON */
    public static String stateToJson(StoredFlow f) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put(VERSION_FIELD, FORMAT_VERSION);
        n.put("status", f.status().name());
        n.put("createdAt", f.createdAt().toString());
        n.put("lastSlot", str(f.lastSlot()));
        n.put("watermark", str(f.watermark()));
        n.put("runningRunId", f.runningRunId());
        n.put("runningSince", str(f.runningSince()));
        n.put("leaseUntil", str(f.leaseUntil()));
        return n.toString();
    }

    /**
     * @param flowId the flow
     * @param definitionJson its definition, kept as stored
     * @param stateJson its state
     * @param version its version
     * @param store the store it came from, for the error message
     * @return the stored flow from its parts
     * @throws UnreadableStateException naming the flow and the store when the state cannot be read
     */
    public static StoredFlow storedFlow(String flowId, String definitionJson, String stateJson, long version, String store) {
        try {
            JsonNode n = parse(stateJson, "flow state");
            formatVersion(n, "flow state");
            return new StoredFlow(flowId, definitionJson, FlowStatus.valueOf(text(n, "status")),
                    Instant.parse(text(n, "createdAt")), instant(n, "lastSlot"), instant(n, "watermark"),
                    n.path("runningRunId").isNull() ? null : n.path("runningRunId").asText(null),
                    instant(n, "runningSince"), instant(n, "leaseUntil"), version);
        } catch (ConfigurationException | IllegalArgumentException | DateTimeException e) {
            throw new UnreadableStateException(flowId, store, e.getMessage(), e);
        }
    }

    /** @return a whole stored flow as one JSON document (the directory store's file) */
    public static String storedFlowToJson(StoredFlow f) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put(VERSION_FIELD, FORMAT_VERSION);
        n.put("flowId", f.flowId());
        n.put("version", f.version());
        n.set("definition", parse(f.definitionJson(), "flow definition"));
        n.set("state", parse(stateToJson(f), "flow state"));
        return n.toPrettyString();
    }

    /**
     * @param json a {@link #storedFlowToJson} document of this or an earlier format version
     * @param store the store it came from, for the error message
     * @return the stored flow it describes
     * @throws UnreadableStateException naming the flow and the store when it cannot be read
     */
    public static StoredFlow storedFlowFromJson(String json, String store) {
        String flowId = null;
        try {
            JsonNode n = parse(json, "stored flow");
            flowId = n.path("flowId").isTextual() ? n.get("flowId").asText() : null;
            formatVersion(n, "stored flow");
            ConfigurationException.check(n.path("definition").isObject(), "missing object field \"definition\"");
            return storedFlow(text(n, "flowId"), n.get("definition").toString(), n.path("state").toString(),
                    n.path("version").asLong(), store);
        } catch (ConfigurationException e) {
            throw new UnreadableStateException(flowId, store, e.getMessage(), e);
        }
    }

    // ---- runs ----

    /** @return the run as JSON (format version 1) */
    public static String runToJson(ExportRun r) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put(VERSION_FIELD, FORMAT_VERSION);
        n.put("runId", r.runId());
        n.put("flowId", r.flowId());
        n.put("status", r.status().name());
        n.put("trigger", r.trigger().name());
        n.put("slotsCovered", r.slotsCovered());
        n.put("scheduledTime", r.scheduledTime().toString());
        n.put("startedAt", r.startedAt().toString());
        n.put("finishedAt", r.finishedAt().map(Instant::toString).orElse(null));
        ObjectNode window = n.putObject("window");
        window.put("from", r.window().from().map(Instant::toString).orElse(null));
        window.put("to", r.window().to().toString());
        n.put("records", r.records());
        n.put("fileCount", r.fileCount());
        n.put("bytes", r.bytes());
        n.put("manifestPath", r.manifestPath().orElse(null));
        n.put("error", r.error().orElse(null));
        n.put("note", r.note().orElse(null));
        // written only when present: runs recorded before schema tracking stay byte-identical
        r.schema().ifPresent(schema -> n.set("schema", parse(schema, "run schema")));
        r.schemaFingerprint().ifPresent(fingerprint -> n.put("schemaFingerprint", fingerprint));
        r.schemaChange().ifPresent(change -> {
            ArrayNode changes = n.putArray("schemaChange");
            for (SchemaChange.Change c : change.changes()) {
                ObjectNode e = changes.addObject();
                e.put("path", c.path());
                e.put("kind", c.kind().name());
                e.put("before", c.before());
                e.put("after", c.after());
            }
        });
        return n.toString();
    }

    /**
     * @param json a run of this or an earlier format version
     * @param store the store it came from, for the error message
     * @return the run the JSON describes
     * @throws UnreadableStateException naming the flow and the store when it cannot be read
     */
    public static ExportRun runFromJson(String json, String store) {
        String flowId = null;
        try {
            JsonNode n = parse(json, "run");
            flowId = n.path("flowId").isTextual() ? n.get("flowId").asText() : null;
            formatVersion(n, "run");
            JsonNode w = n.path("window");
            Instant from = instant(w, "from");
            Instant to = Instant.parse(text(w, "to"));
            return new ExportRun(text(n, "runId"), text(n, "flowId"), RunStatus.valueOf(text(n, "status")),
                    RunTrigger.valueOf(text(n, "trigger")), n.path("slotsCovered").asInt(),
                    Instant.parse(text(n, "scheduledTime")), Instant.parse(text(n, "startedAt")),
                    Optional.ofNullable(instant(n, "finishedAt")),
                    from == null ? TimeWindow.upTo(to) : TimeWindow.between(from, to),
                    n.path("records").asLong(), n.path("fileCount").asLong(), n.path("bytes").asLong(),
                    optionalText(n, "manifestPath"), optionalText(n, "error"), optionalText(n, "note"),
                    n.hasNonNull("schema") ? Optional.of(n.get("schema").toString()) : Optional.empty(),
                    schemaChange(n.path("schemaChange")), optionalText(n, "schemaFingerprint"));
        } catch (ConfigurationException | IllegalArgumentException | DateTimeException e) {
            throw new UnreadableStateException(flowId, store, "a run record: " + e.getMessage(), e);
        }
    }

    private static Optional<SchemaChange> schemaChange(JsonNode changes) {
        if (!changes.isArray()) {
            return Optional.empty();
        }
        List<SchemaChange.Change> out = new ArrayList<>();
        for (JsonNode c : changes) {
            out.add(new SchemaChange.Change(text(c, "path"), SchemaChange.Kind.valueOf(text(c, "kind")),
                    c.path("before").asText(""), c.path("after").asText("")));
        }
        return Optional.of(new SchemaChange(out));
    }

    // ---- helpers ----

    /** 0 for documents written before state was versioned. */
    private static int formatVersion(JsonNode n, String what) {
        JsonNode v = n.get(VERSION_FIELD);
        if (v == null) {
            return 0;
        }
        ConfigurationException.check(v.isInt() && v.asInt() >= 1, "%s has an invalid formatVersion %s", what, v);
        ConfigurationException.check(v.asInt() <= FORMAT_VERSION,
                "%s has formatVersion %d, written by a newer datasetexport; this version reads up to %d",
                what, v.asInt(), FORMAT_VERSION);
        return v.asInt();
    }

    static JsonNode parse(String json, String what) {
        try {
            JsonNode n = MAPPER.readTree(json);
            ConfigurationException.check(n != null && n.isObject(), "%s JSON is not an object", what);
            return n;
        } catch (JsonProcessingException e) {
            throw new ConfigurationException(what + " JSON is not valid: " + e.getOriginalMessage(), e);
        }
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        ConfigurationException.check(v != null && v.isTextual(), "missing text field \"%s\"", field);
        return v.asText();
    }

    private static Optional<String> optionalText(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }

    private static Instant instant(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : Instant.parse(v.asText());
    }

    private static String str(Instant i) {
        return i == null ? null : i.toString();
    }

    /** @return the options of a JSON object, sorted by key */
    static TreeMap<String, String> sortedOptions(JsonNode options) {
        TreeMap<String, String> result = new TreeMap<>();
        options.properties().forEach(e -> result.put(e.getKey(), e.getValue().asText()));
        return result;
    }
}
