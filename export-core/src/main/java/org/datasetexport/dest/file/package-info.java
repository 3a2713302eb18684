/**
 * The {@code file:} destination: a local or mounted folder, the embedded default. Entry point:
 * {@link org.datasetexport.dest.file.FileDestination#builder}.
 */
package org.datasetexport.dest.file;
