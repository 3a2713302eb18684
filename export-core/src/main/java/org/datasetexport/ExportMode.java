package org.datasetexport;

/**
 * What a run exports. A one-off {@code run()} is always {@link #FULL}.
 */
public enum ExportMode {
    /** Every run exports everything up to its cut-off. */
    FULL,
    /** The first run exports everything; each later run only rows ingested since the last successful cut-off. */
    FIRST_FULL_THEN_INCREMENTAL
}
