package org.datasetexport.spi;

/**
 * What the engine knows about a file when it starts writing it; destinations that store object
 * metadata (S3 user metadata, blob metadata) may record it.
 *
 * @param runId the run writing the file
 * @param datasetId the dataset it comes from
 */
public record OutputInfo(String runId, String datasetId) {
}
