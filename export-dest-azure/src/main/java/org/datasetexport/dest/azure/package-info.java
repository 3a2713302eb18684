/**
 * Azure Blob Storage ({@link org.datasetexport.dest.azure.AzureBlobDestination}, {@code wasbs://})
 * and the Data Landing Zone ({@link org.datasetexport.dest.azure.DataLandingZoneDestination},
 * {@code dlz://}, SAS only). Credentials: {@link org.datasetexport.dest.azure.AzureCredentials}.
 */
package org.datasetexport.dest.azure;
