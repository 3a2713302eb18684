package org.datasetexport.internal.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.datasetexport.Compression;
import org.datasetexport.EmptyOutput;
import org.datasetexport.ExportMode;
import org.datasetexport.ExportSettings;
import org.datasetexport.Partition;
import org.datasetexport.Retention;
import org.datasetexport.SchemaChangePolicy;

/**
 * The JSON form of {@link ExportSettings}: the one place, besides the settings type and the
 * builder method, that a new setting touches. Reading starts from the defaults and sets only the
 * fields present, so settings stored before a field existed read back with its default.
 */
final class SettingsJson {
    private SettingsJson() {
    }

    static ObjectNode toNode(ExportSettings s, ObjectMapper mapper) {
        ObjectNode n = mapper.createObjectNode();
        n.put("folder", s.folder());
        n.put("format", s.format());
        ObjectNode options = n.putObject("formatOptions");
        s.formatOptions().forEach(options::put);
        n.put("compression", s.compression().name());
        n.put("manifest", s.manifest());
        n.put("maxFileSize", s.maxFileSize());
        n.put("maxRecordsPerFile", s.maxRecordsPerFile());
        n.put("parallelism", s.parallelism());
        n.put("emptyOutput", s.emptyOutput().name());
        if (s.successMarker()) {
            n.put("successMarker", true); // written only when on: state files of earlier versions stay byte-identical
        }
        if (!s.partitions().isEmpty()) {
            ArrayNode partitions = n.putArray("partitions");
            for (Partition p : s.partitions()) {
                ObjectNode e = partitions.addObject();
                e.put("field", p.field());
                e.put("transform", p.transform().name());
                if (p.transform() == Partition.Transform.BUCKET) {
                    e.put("buckets", p.buckets());
                }
            }
        }
        if (s.maxOpenFiles() != ExportSettings.DEFAULT_MAX_OPEN_FILES) {
            n.put("maxOpenFiles", s.maxOpenFiles());
        }
        s.retention().ifPresent(r -> {
            ObjectNode retention = n.putObject("retention");
            if (r.olderThanAge() != null) {
                retention.put("olderThan", r.olderThanAge().toString());
            } else {
                retention.put("keepLast", r.keepLastCount());
            }
        });
        if (s.schemaChangePolicy() != SchemaChangePolicy.ALLOW_ANY) {
            n.put("schemaChangePolicy", s.schemaChangePolicy().name()); // likewise only when not the default
        }
        n.put("mode", s.mode().name());
        n.put("incrementalLag", s.incrementalLag().toString());
        n.put("purpose", s.purpose().orElse(null));
        n.put("encryption", s.encryption().orElse(null));
        return n;
    }

    /** @throws IllegalArgumentException (and ConfigurationException) for a value that is not valid */
    static ExportSettings fromNode(JsonNode n) {
        ExportSettings.Builder b = ExportSettings.builder();
        if (n.hasNonNull("folder")) {
            b.folder(n.get("folder").asText());
        }
        if (n.hasNonNull("format")) {
            b.format(n.get("format").asText());
        }
        if (n.path("formatOptions").isObject()) {
            b.formatOptions(FlowJson.sortedOptions(n.get("formatOptions")));
        }
        if (n.hasNonNull("compression")) {
            b.compression(Compression.valueOf(n.get("compression").asText()));
        }
        if (n.hasNonNull("manifest")) {
            b.manifest(n.get("manifest").asBoolean());
        }
        if (n.hasNonNull("maxFileSize")) {
            b.maxFileSize(n.get("maxFileSize").asLong());
        }
        if (n.hasNonNull("maxRecordsPerFile")) {
            b.maxRecordsPerFile(n.get("maxRecordsPerFile").asLong());
        }
        if (n.hasNonNull("parallelism")) {
            b.parallelism(n.get("parallelism").asInt());
        }
        if (n.hasNonNull("emptyOutput")) {
            b.emptyOutput(EmptyOutput.valueOf(n.get("emptyOutput").asText()));
        }
        if (n.hasNonNull("successMarker")) {
            b.successMarker(n.get("successMarker").asBoolean());
        }
        if (n.path("partitions").isArray()) {
            List<Partition> partitions = new ArrayList<>();
            for (JsonNode e : n.get("partitions")) {
                String field = e.path("field").asText();
                partitions.add(switch (Partition.Transform.valueOf(e.path("transform").asText())) {
                    case IDENTITY -> Partition.identity(field);
                    case YEAR -> Partition.year(field);
                    case MONTH -> Partition.month(field);
                    case DAY -> Partition.day(field);
                    case HOUR -> Partition.hour(field);
                    case BUCKET -> Partition.bucket(e.path("buckets").asInt(), field);
                });
            }
            b.partitions(partitions);
        }
        if (n.hasNonNull("maxOpenFiles")) {
            b.maxOpenFiles(n.get("maxOpenFiles").asInt());
        }
        JsonNode retention = n.path("retention");
        if (retention.hasNonNull("olderThan")) {
            b.retention(Retention.olderThan(Duration.parse(retention.get("olderThan").asText())));
        } else if (retention.hasNonNull("keepLast")) {
            b.retention(Retention.keepLast(retention.get("keepLast").asInt()));
        }
        if (n.hasNonNull("schemaChangePolicy")) {
            b.schemaChangePolicy(SchemaChangePolicy.valueOf(n.get("schemaChangePolicy").asText()));
        }
        if (n.hasNonNull("mode")) {
            b.mode(ExportMode.valueOf(n.get("mode").asText()));
        }
        if (n.hasNonNull("incrementalLag")) {
            b.incrementalLag(Duration.parse(n.get("incrementalLag").asText()));
        }
        if (n.hasNonNull("purpose")) {
            b.purpose(n.get("purpose").asText());
        }
        if (n.hasNonNull("encryption")) {
            b.encryption(n.get("encryption").asText());
        }
        return b.build();
    }
}
