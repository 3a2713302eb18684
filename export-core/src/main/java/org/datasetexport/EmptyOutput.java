package org.datasetexport;

/**
 * What a run that selects zero rows writes.
 */
public enum EmptyOutput {
    /** No data file (the default); with {@code manifest(true)} a manifest with an empty file list. */
    NO_FILE,
    /** One empty file (an empty JSON Lines file; a Parquet file with the schema and no rows). */
    WRITE_EMPTY_FILE
}
