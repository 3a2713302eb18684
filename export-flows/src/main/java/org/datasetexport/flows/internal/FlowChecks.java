package org.datasetexport.flows.internal;

import org.datasetexport.ConfigurationException;
import org.datasetexport.ExportMode;
import org.datasetexport.data.Dataset;

/** Checks a flow must pass before it is stored, shared by every way of starting one. */
public final class FlowChecks {
    private FlowChecks() {
    }

    /**
     * Refuses an incremental flow over a dataset whose runs cannot select rows by ingestion time:
     * each of its runs would silently export every row again.
     *
     * @param dataset the flow's dataset
     * @param mode the flow's mode
     * @throws ConfigurationException when {@code mode} is incremental and the dataset has no ingestion time
     */
    public static void requireIngestionTime(Dataset dataset, ExportMode mode) {
        if (mode == ExportMode.FIRST_FULL_THEN_INCREMENTAL && !dataset.hasIngestionTime()) {
            throw new ConfigurationException("dataset \"" + dataset.id() + "\" has no ingestion time, so "
                    + "FIRST_FULL_THEN_INCREMENTAL would export every row on every run; give it one "
                    + "(Datasets.of(id, schema, rows, row -> ingestionTime), JdbcDataset ingestionColumn(...), "
                    + "FileDataset incrementalByModificationTime() or ingestionColumn(...), or override "
                    + "Dataset.hasIngestionTime() in your own dataset) or use ExportMode.FULL");
        }
    }
}
