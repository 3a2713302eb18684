/**
 * The user API: start with {@link org.datasetexport.DatasetExport#from}, configure the
 * {@link org.datasetexport.ExportBuilder} (its persisted settings are one
 * {@link org.datasetexport.ExportSettings} value) and call {@code run()}, or {@code start(scheduler)}
 * for a scheduled {@link org.datasetexport.ExportFlow} run by an {@link org.datasetexport.ExportScheduler}.
 * Results, run history, listeners, the verifier and the exception hierarchy (rooted at
 * {@link org.datasetexport.ExportException}) live here too. The Flow-Service facade is in
 * {@code org.datasetexport.service}, the state-store records in {@code org.datasetexport.state}.
 */
package org.datasetexport;
