package org.datasetexport;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.datasetexport.internal.state.FlowJson;
import org.datasetexport.spi.StoragePaths;

/**
 * What a flow does, in a form that survives restarts: the dataset by id (resolved in a
 * {@link DatasetCatalog}), the destination by the name of a connection (resolved in
 * {@link Connections}, never with secrets inline), and every export setting. Round-trips as JSON
 * ({@link #toJson()}, {@link #fromJson(String)}). Immutable.
 *
 * @param flowId the flow's stable id
 * @param datasetId the dataset, by id
 * @param connection the destination, by connection name
 * @param folder the folder under the destination root, empty for none
 * @param format the format provider name ({@code json}, {@code parquet})
 * @param formatOptions the format provider's options
 * @param compression the compression
 * @param manifest whether each run writes a manifest
 * @param maxFileSize roll at this many stored bytes
 * @param maxRecordsPerFile roll at this many rows
 * @param parallelism workers per run
 * @param emptyOutput what an empty run writes
 * @param schedule when it runs
 * @param mode full or incremental
 * @param incrementalLag how far the cut-off is held back behind the run's start, for late rows
 * @param purpose the declared purpose export policies evaluate, or null
 * @param encryption the encryption scheme ({@code openpgp}) when files are encrypted, or null; the
 *        key itself is not persisted, so an encrypted flow re-attaches only when started again
 */
public record FlowDefinition(String flowId, String datasetId, String connection, String folder, String format,
                             Map<String, String> formatOptions, Compression compression, boolean manifest,
                             long maxFileSize, long maxRecordsPerFile, int parallelism, EmptyOutput emptyOutput,
                             Schedule schedule, ExportMode mode, Duration incrementalLag, String purpose,
                             String encryption) {

    /**
     * A definition without purpose and encryption.
     *
     * @param flowId the flow's stable id
     * @param datasetId the dataset, by id
     * @param connection the destination, by connection name
     * @param folder the folder under the destination root, empty for none
     * @param format the format provider name
     * @param formatOptions the format provider's options
     * @param compression the compression
     * @param manifest whether each run writes a manifest
     * @param maxFileSize roll at this many stored bytes
     * @param maxRecordsPerFile roll at this many rows
     * @param parallelism workers per run
     * @param emptyOutput what an empty run writes
     * @param schedule when it runs
     * @param mode full or incremental
     * @param incrementalLag cut-off lag for late rows
     */
    public FlowDefinition(String flowId, String datasetId, String connection, String folder, String format,
                          Map<String, String> formatOptions, Compression compression, boolean manifest,
                          long maxFileSize, long maxRecordsPerFile, int parallelism, EmptyOutput emptyOutput,
                          Schedule schedule, ExportMode mode, Duration incrementalLag) {
        this(flowId, datasetId, connection, folder, format, formatOptions, compression, manifest, maxFileSize,
                maxRecordsPerFile, parallelism, emptyOutput, schedule, mode, incrementalLag, null, null);
    }


    /** Validates and copies. */
    public FlowDefinition {
        StoragePaths.requireValidSegment(flowId, "flowId");
        StoragePaths.requireValidSegment(datasetId, "datasetId");
        ConfigurationException.requireNonNull(connection, "connection");
        folder = folder == null ? "" : folder;
        if (!folder.isEmpty()) {
            StoragePaths.requireValidFolder(folder, "folder");
        }
        ConfigurationException.requireNonNull(format, "format");
        formatOptions = Map.copyOf(new TreeMap<>(formatOptions == null ? Map.of() : formatOptions));
        ConfigurationException.requireNonNull(compression, "compression");
        ConfigurationException.check(maxFileSize > 0, "maxFileSize must be positive, got %d", maxFileSize);
        ConfigurationException.check(maxRecordsPerFile > 0, "maxRecordsPerFile must be positive, got %d", maxRecordsPerFile);
        ConfigurationException.check(parallelism >= 1 && parallelism <= 256, "parallelism must be 1 to 256, got %d", parallelism);
        ConfigurationException.requireNonNull(emptyOutput, "emptyOutput");
        ConfigurationException.requireNonNull(schedule, "schedule");
        ConfigurationException.requireNonNull(mode, "mode");
        incrementalLag = incrementalLag == null ? Duration.ZERO : incrementalLag;
        ConfigurationException.check(!incrementalLag.isNegative(), "incrementalLag must not be negative, got %s", incrementalLag);
    }

    /** @return this definition as JSON (no secrets: the destination is a connection name) */
    public String toJson() {
        return FlowJson.definitionToJson(this);
    }

    /**
     * @param json a definition written by {@link #toJson()}
     * @return the definition
     * @throws ConfigurationException when the JSON is not a valid definition
     */
    public static FlowDefinition fromJson(String json) {
        return FlowJson.definitionFromJson(json);
    }
}
