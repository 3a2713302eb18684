package org.datasetexport.spi;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.datasetexport.ExportSettings;
import org.datasetexport.data.Schema;
import org.datasetexport.data.TimeWindow;

/**
 * One run handed to a {@link DistributedDataset}. Its {@code toString()} shows option keys, never
 * their values (they hold credentials).
 *
 * @param runId the run id (in file names and the manifest)
 * @param flowId the flow id the manifest records
 * @param datasetId the dataset id
 * @param scheduledTime the run's scheduled time: its {@code exportTime=} folder
 * @param window the rows to write, by ingestion time
 * @param settings the run's settings (folder, format, compression, file sizes, partitions, …)
 * @param schema the schema the files are written with
 * @param destinationUri the destination's URI, for the engine's workers to rebuild it
 * @param destinationOptions the destination's options (credentials among them)
 */
public record DistributedRun(String runId, String flowId, String datasetId, Instant scheduledTime, TimeWindow window,
                             ExportSettings settings, Schema schema, String destinationUri,
                             Map<String, String> destinationOptions) {

    /** Copies the options. */
    public DistributedRun {
        destinationOptions = Collections.unmodifiableMap(new LinkedHashMap<>(destinationOptions));
    }

    @Override
    public String toString() {
        return "DistributedRun[" + runId + ", flow " + flowId + ", dataset " + datasetId + ", window " + window + ", to "
                + UriRedaction.redact(destinationUri) + " with options " + new TreeMap<>(destinationOptions).keySet() + "]";
    }
}
