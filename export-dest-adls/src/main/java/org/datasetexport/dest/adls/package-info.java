/**
 * The Azure Data Lake Storage Gen2 destination: {@link org.datasetexport.dest.adls.AdlsDestination}
 * (built with its builder) and {@code abfss://filesystem@account.dfs.core.windows.net/path} URIs
 * through {@link org.datasetexport.dest.adls.AdlsDestinationProvider}. Credentials:
 * {@link org.datasetexport.dest.adls.AdlsCredentials}.
 */
package org.datasetexport.dest.adls;
