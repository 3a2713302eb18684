package org.datasetexport.internal.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.datasetexport.Compression;
import org.datasetexport.ConfigurationException;
import org.datasetexport.EmptyOutput;
import org.datasetexport.ExportMode;
import org.datasetexport.ExportRun;
import org.datasetexport.FlowDefinition;
import org.datasetexport.FlowStatus;
import org.datasetexport.RunStatus;
import org.datasetexport.RunTrigger;
import org.datasetexport.Schedule;
import org.datasetexport.StoredFlow;
import org.datasetexport.data.TimeWindow;

/** JSON forms of flow definitions, stored flows and runs, shared by the state stores. */
public final class FlowJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private FlowJson() {
    }

    // ---- definitions ----

    /** @return the definition as JSON */
    public static String definitionToJson(FlowDefinition d) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("flowId", d.flowId());
        n.put("datasetId", d.datasetId());
        n.put("connection", d.connection());
        n.put("folder", d.folder());
        n.put("format", d.format());
        ObjectNode options = n.putObject("formatOptions");
        d.formatOptions().forEach(options::put);
        n.put("compression", d.compression().name());
        n.put("manifest", d.manifest());
        n.put("maxFileSize", d.maxFileSize());
        n.put("maxRecordsPerFile", d.maxRecordsPerFile());
        n.put("parallelism", d.parallelism());
        n.put("emptyOutput", d.emptyOutput().name());
        n.set("schedule", scheduleToNode(d.schedule()));
        n.put("mode", d.mode().name());
        n.put("incrementalLag", d.incrementalLag().toString());
        n.put("purpose", d.purpose());
        n.put("encryption", d.encryption());
        return n.toString();
    }

    /** @return the definition the JSON describes */
    public static FlowDefinition definitionFromJson(String json) {
        JsonNode n = parse(json, "flow definition");
        try {
            Map<String, String> options = new TreeMap<>();
            n.path("formatOptions").properties().forEach(e -> options.put(e.getKey(), e.getValue().asText()));
            return new FlowDefinition(text(n, "flowId"), text(n, "datasetId"), text(n, "connection"),
                    n.path("folder").asText(""), text(n, "format"), options,
                    Compression.valueOf(text(n, "compression")), n.path("manifest").asBoolean(false),
                    n.path("maxFileSize").asLong(), n.path("maxRecordsPerFile").asLong(), n.path("parallelism").asInt(1),
                    EmptyOutput.valueOf(n.path("emptyOutput").asText("NO_FILE")), scheduleFromNode(n.path("schedule")),
                    ExportMode.valueOf(text(n, "mode")), Duration.parse(n.path("incrementalLag").asText("PT0S")),
                    n.hasNonNull("purpose") ? n.get("purpose").asText() : null,
                    n.hasNonNull("encryption") ? n.get("encryption").asText() : null);
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw new ConfigurationException("flow definition JSON is not valid: " + e.getMessage(), e);
        }
    }

    private static ObjectNode scheduleToNode(Schedule s) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("kind", s.kind().name());
        s.at().ifPresent(at -> n.put("at", at.toString()));
        if (s.kind() == Schedule.Kind.EVERY_HOURS) {
            n.put("hours", s.hours());
        }
        s.time().ifPresent(t -> n.put("time", t.toString()));
        s.start().ifPresent(t -> n.put("start", t.toString()));
        s.end().ifPresent(t -> n.put("end", t.toString()));
        return n;
    }

    private static Schedule scheduleFromNode(JsonNode n) {
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
        n.put("status", f.status().name());
        n.put("createdAt", f.createdAt().toString());
        n.put("lastSlot", str(f.lastSlot()));
        n.put("watermark", str(f.watermark()));
        n.put("runningRunId", f.runningRunId());
        n.put("runningSince", str(f.runningSince()));
        return n.toString();
    }

    /** @return the stored flow from its parts */
    public static StoredFlow storedFlow(String flowId, String definitionJson, String stateJson, long version) {
        JsonNode n = parse(stateJson, "flow state");
        return new StoredFlow(flowId, definitionJson, FlowStatus.valueOf(text(n, "status")),
                Instant.parse(text(n, "createdAt")), instant(n, "lastSlot"), instant(n, "watermark"),
                n.path("runningRunId").isNull() ? null : n.path("runningRunId").asText(null),
                instant(n, "runningSince"), version);
    }

    /** @return a whole stored flow as one JSON document (the directory store's file) */
    public static String storedFlowToJson(StoredFlow f) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("flowId", f.flowId());
        n.put("version", f.version());
        n.set("definition", parse(f.definitionJson(), "flow definition"));
        n.set("state", parse(stateToJson(f), "flow state"));
        return n.toPrettyString();
    }

    /** @return the stored flow a {@link #storedFlowToJson} document describes */
    public static StoredFlow storedFlowFromJson(String json) {
        JsonNode n = parse(json, "stored flow");
        return storedFlow(text(n, "flowId"), n.path("definition").toString(), n.path("state").toString(),
                n.path("version").asLong());
    }

    // ---- runs ----

    /** @return the run as JSON */
    public static String runToJson(ExportRun r) {
        ObjectNode n = MAPPER.createObjectNode();
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
        return n.toString();
    }

    /** @return the run the JSON describes */
    public static ExportRun runFromJson(String json) {
        JsonNode n = parse(json, "run");
        JsonNode w = n.path("window");
        Instant from = instant(w, "from");
        Instant to = Instant.parse(text(w, "to"));
        return new ExportRun(text(n, "runId"), text(n, "flowId"), RunStatus.valueOf(text(n, "status")),
                RunTrigger.valueOf(text(n, "trigger")), n.path("slotsCovered").asInt(),
                Instant.parse(text(n, "scheduledTime")), Instant.parse(text(n, "startedAt")),
                Optional.ofNullable(instant(n, "finishedAt")), from == null ? TimeWindow.upTo(to) : TimeWindow.between(from, to),
                n.path("records").asLong(), n.path("fileCount").asLong(), n.path("bytes").asLong(),
                Optional.ofNullable(n.path("manifestPath").isNull() ? null : n.path("manifestPath").asText(null)),
                Optional.ofNullable(n.path("error").isNull() ? null : n.path("error").asText(null)));
    }

    // ---- helpers ----

    private static JsonNode parse(String json, String what) {
        try {
            JsonNode n = MAPPER.readTree(json);
            ConfigurationException.check(n != null && n.isObject(), "%s JSON is not an object", what);
            return n;
        } catch (JsonProcessingException e) {
            throw new ConfigurationException(what + " JSON is not valid: " + e.getOriginalMessage(), e);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        ConfigurationException.check(v != null && v.isTextual(), "missing text field \"%s\"", field);
        return v.asText();
    }

    private static Instant instant(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : Instant.parse(v.asText());
    }

    private static String str(Instant i) {
        return i == null ? null : i.toString();
    }
}
