package org.datasetexport.internal.engine;

import java.time.Clock;
import java.util.List;
import org.datasetexport.Compression;
import org.datasetexport.EmptyOutput;
import org.datasetexport.Encryption;
import org.datasetexport.ExportListener;
import org.datasetexport.ExportMode;
import org.datasetexport.data.Dataset;
import org.datasetexport.spi.Destination;
import org.datasetexport.spi.Format;

/**
 * The immutable snapshot of an {@code ExportBuilder} taken by its terminal operation: nothing done
 * to the builder afterwards changes a running export.
 *
 * @param dataset what to read
 * @param destination where to write
 * @param ownsDestination whether the run built the destination from a URI (and closes it)
 * @param folder the user's folder, empty for none
 * @param format the resolved format
 * @param compression a compression the format supports
 * @param manifest whether to write a manifest
 * @param maxFileSize roll to a new file at this many stored bytes
 * @param maxRecordsPerFile roll to a new file at this many rows
 * @param parallelism workers
 * @param listeners listeners, in the order added
 * @param clock the clock giving the scheduled time and cut-off
 * @param flowId the flow id written into the manifest
 * @param emptyOutput what an empty run writes
 * @param mode the export mode recorded in the manifest
 * @param encryption file encryption after compression, or null
 * @param policy the export policy evaluated before the run, or null
 * @param purpose the export's declared purpose, or null
 */
public record ExportPlan(Dataset dataset, Destination destination, boolean ownsDestination, String folder,
                         Format format, Compression compression, boolean manifest, long maxFileSize,
                         long maxRecordsPerFile, int parallelism, List<ExportListener> listeners, Clock clock,
                         String flowId, EmptyOutput emptyOutput, ExportMode mode, Encryption encryption,
                         org.datasetexport.policy.ExportPolicy policy, String purpose) {

    /** Copies the listener list. */
    public ExportPlan {
        listeners = List.copyOf(listeners);
    }

    /**
     * @param replacement the dataset to read instead (a policy-transformed view)
     * @return a copy of this plan reading {@code replacement}
     */
    public ExportPlan withDataset(Dataset replacement) {
        return new ExportPlan(replacement, destination, ownsDestination, folder, format, compression, manifest, maxFileSize,
                maxRecordsPerFile, parallelism, listeners, clock, flowId, emptyOutput, mode, encryption, policy, purpose);
    }
}
