/**
 * The user API: start with {@link org.datasetexport.DatasetExport#from}, configure the
 * {@link org.datasetexport.ExportBuilder} (its persisted settings are one
 * {@link org.datasetexport.ExportSettings} value) and call {@code run()} for a one-off export, or
 * {@code start(host)} to hand the definition to a {@link org.datasetexport.FlowHost} — the
 * {@code ExportScheduler} of the {@code export-flows} module, which runs it as a scheduled flow.
 * Results, listeners, the verifier and the exception hierarchy (rooted at
 * {@link org.datasetexport.ExportException}) live here too. The flow runtime (scheduler, run
 * history, state stores, the Flow-Service facade and its authorization) is in
 * {@code org.datasetexport.flows} and below, in {@code export-flows}.
 */
package org.datasetexport;
