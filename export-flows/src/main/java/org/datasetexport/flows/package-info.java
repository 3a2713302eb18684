/**
 * The flow runtime (artifact {@code export-flows}): scheduled, incremental exports. An
 * {@link org.datasetexport.flows.ExportScheduler} is the {@link org.datasetexport.FlowHost} that
 * {@code ExportBuilder.start(scheduler)} hands a flow to; it returns an
 * {@link org.datasetexport.flows.ExportFlow} handle whose history is a list of
 * {@link org.datasetexport.flows.ExportRun}s. Definitions ({@link org.datasetexport.flows.FlowDefinition}),
 * watermarks and runs are kept in a {@link org.datasetexport.flows.StateStore} (in memory, a
 * directory, or a JDBC database shared by several schedulers). The Flow-Service facade and its
 * authorization are in {@code org.datasetexport.flows.service}.
 */
package org.datasetexport.flows;
