package org.datasetexport.spi;

import java.util.List;
import org.datasetexport.ExportedFile;
import org.datasetexport.data.Dataset;

/**
 * A dataset whose rows an engine of its own writes — export-spark's {@code SparkDataset}, whose
 * rows Spark tasks write where they live — instead of being read by the SDK's workers. A run of
 * such a dataset (one-off or a flow's, with its window, watermark and history) hands the engine
 * the run ({@link #write}); the SDK then writes the manifest and the success marker last, or
 * deletes the engine's files when that fails, exactly as for any other dataset.
 *
 * <p>The engine's workers cannot share the driver's live {@link Destination}: they rebuild it
 * from {@link DistributedRun#destinationUri()} and its options, so the run's destination must
 * have been built from a URI ({@code Destinations.of}, {@code to(uri, options)}, a connection
 * registered from a URI); a run whose destination was built in code is refused before it starts.
 */
public interface DistributedDataset extends Dataset {

    /**
     * Writes the rows of {@code run.window()} (by the dataset's ingestion time; all rows for a
     * full run) into the run's folder, with the run's file names and settings, and commits them.
     *
     * @param run the run: ids, time, window, settings, schema and the destination's URI and options
     * @return every committed data file, each exactly once
     * @throws org.datasetexport.ExportException when the writing failed; none of the run's files remain
     */
    List<ExportedFile> write(DistributedRun run);
}
