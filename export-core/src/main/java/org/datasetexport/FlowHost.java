package org.datasetexport;

/**
 * Runs flows: what {@link ExportBuilder#start(FlowHost)} hands a scheduled export's definition to.
 * The SDK's host is {@code org.datasetexport.flows.ExportScheduler} in the {@code export-flows}
 * artifact; the engine knows only this interface, so the one-off API and every plug-in stay free
 * of the flow runtime, and nothing in the engine depends on the scheduler that runs it.
 *
 * <pre>{@code
 * ExportFlow flow = DatasetExport.from(dataset).to("s3://bucket/exports").format("parquet")
 *         .schedule(Schedule.everyHours(1)).start(scheduler);   // scheduler: an ExportScheduler
 * }</pre>
 *
 * A host of one's own (a test double, another scheduler) receives the same {@link FlowRequest}:
 * it decides which encryption key applies, calls {@link FlowRequest#plan(Encryption)} (which makes
 * every check a one-off run makes before reading) and owns the destination the plan opened.
 *
 * @param <F> the handle the host returns for a started flow
 */
@FunctionalInterface
public interface FlowHost<F> {

    /**
     * Starts the flow the request describes, or re-attaches to the one with its id.
     *
     * @param request what the builder collected
     * @return the started flow's handle
     * @throws ConfigurationException when the request cannot be started (the message says why)
     */
    F start(FlowRequest request);
}
