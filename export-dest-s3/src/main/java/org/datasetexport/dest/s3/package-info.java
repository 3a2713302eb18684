/**
 * The Amazon S3 destination: {@link org.datasetexport.dest.s3.S3Destination} (built with its
 * builder) and {@code s3://bucket/prefix} URIs through {@link org.datasetexport.dest.s3.S3DestinationProvider}.
 * Credentials: {@link org.datasetexport.dest.s3.S3Credentials}.
 */
package org.datasetexport.dest.s3;
