/**
 * Folders of data files as datasets: {@link org.datasetexport.files.FileDataset} over a
 * {@link org.datasetexport.files.FileSource} (a local folder or any destination's files), read by a
 * format module's {@link org.datasetexport.files.FileFormatReader}.
 */
package org.datasetexport.files;
