/**
 * The user API: start with {@link org.datasetexport.DatasetExport#from}, configure the
 * {@link org.datasetexport.ExportBuilder} and call {@code run()}. Results, listeners, the verifier
 * and the exception hierarchy (rooted at {@link org.datasetexport.ExportException}) live here too.
 */
package org.datasetexport;
