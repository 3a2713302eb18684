/**
 * The Google Cloud Storage destination: {@link org.datasetexport.dest.gcs.GcsDestination} (built with
 * its builder) and {@code gs://bucket/prefix} URIs through {@link org.datasetexport.dest.gcs.GcsDestinationProvider}.
 * Credentials: {@link org.datasetexport.dest.gcs.GcsCredentials}.
 */
package org.datasetexport.dest.gcs;
