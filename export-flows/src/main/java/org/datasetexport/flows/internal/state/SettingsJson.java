package org.datasetexport.flows.internal.state;

import org.datasetexport.ConfigurationException;
import com.fasterxml.jackson.databind.JsonNode;
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
 * Reads settings as state format versions 0 and 1 stored them (camel-case keys), so flows
 * persisted before the settings language re-attach; they are rewritten in the settings language
 * ({@code ExportSettings.toTree()}, format version 2). Nothing is written in this form any more,
 * and a setting added later needs nothing here. Reading starts from the defaults and sets only
 * the fields present.
 */
final class SettingsJson {
    private SettingsJson() {
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
