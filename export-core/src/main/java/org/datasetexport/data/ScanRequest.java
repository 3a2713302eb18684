package org.datasetexport.data;

import org.datasetexport.ConfigurationException;

/**
 * What a run asks of a {@link Dataset} when planning: the incremental window and how many splits
 * would keep the run's workers busy (a hint; a dataset may return fewer or more).
 *
 * @param window rows ingested inside this window are selected; datasets without ingestion time
 *        return all rows for any window
 * @param desiredSplits the run's parallelism, at least 1
 */
public record ScanRequest(TimeWindow window, int desiredSplits) {

    /** Validates the arguments. */
    public ScanRequest {
        ConfigurationException.requireNonNull(window, "window");
        ConfigurationException.check(desiredSplits >= 1, "desiredSplits must be at least 1, got %d", desiredSplits);
    }
}
