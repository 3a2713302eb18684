package org.datasetexport.spring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.datasetexport.flows.ExportFlow;
import org.datasetexport.flows.ExportRun;
import org.datasetexport.flows.ExportScheduler;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code exports} actuator endpoint ({@code /actuator/exports} once exposed with
 * {@code management.endpoints.web.exposure.include=exports}): reads list the flows with their
 * recent runs, or one flow with more history; the write operation runs a flow now, pauses or
 * resumes it — only with {@code datasetexport.endpoint.write-operations=true}, and as secured as
 * the application's actuator is ({@code management.endpoint.exports.access} and its security
 * rules). What it returns names flows, datasets, connections and file paths, never a credential.
 */
@Endpoint(id = "exports")
public class ExportsEndpoint {
    private final ExportScheduler scheduler;
    private final DatasetExportProperties.Endpoint settings;

    /**
     * @param scheduler the scheduler whose flows are shown
     * @param settings what is shown and allowed
     */
    public ExportsEndpoint(ExportScheduler scheduler, DatasetExportProperties.Endpoint settings) {
        this.scheduler = scheduler;
        this.settings = settings;
    }

    /** @return every flow with its recent runs */
    @ReadOperation
    public Map<String, Object> flows() {
        Map<String, Object> flows = new LinkedHashMap<>();
        for (ExportFlow flow : scheduler.flows()) {
            flows.put(flow.id(), describe(flow, settings.getRecentRuns()));
        }
        return Map.of("flows", flows);
    }

    /**
     * @param flowId a flow
     * @return the flow with its latest 50 runs, or null (HTTP 404) when there is no such flow
     */
    @ReadOperation
    public Map<String, Object> flow(@Selector String flowId) {
        return scheduler.flow(flowId).map(f -> describe(f, 50)).orElse(null);
    }

    /**
     * @param flowId a flow
     * @param action {@code run-now}, {@code pause} or {@code resume}
     * @return the flow after the action (and the run, for run-now)
     * @throws InvalidEndpointRequestException (HTTP 400) when write operations are not enabled, or
     *         the flow or the action is unknown
     */
    @WriteOperation
    public Map<String, Object> act(@Selector String flowId, String action) {
        if (!settings.isWriteOperations()) {
            String why = "write operations on the exports endpoint are off; "
                    + "set datasetexport.endpoint.write-operations=true to allow run-now, pause and resume";
            throw new InvalidEndpointRequestException(why, why);
        }
        ExportFlow flow = find(flowId);
        Map<String, Object> out = new LinkedHashMap<>();
        switch (action == null ? "" : action) {
            case "run-now" -> out.put("run", run(flow.runNow()));
            case "pause" -> flow.pause();
            case "resume" -> flow.resume();
            default -> {
                String why = "unknown action \"" + action + "\"; use run-now, pause or resume";
                throw new InvalidEndpointRequestException(why, why);
            }
        }
        out.put("flow", describe(flow, settings.getRecentRuns()));
        return out;
    }

    private ExportFlow find(String flowId) {
        return scheduler.flow(flowId).orElseThrow(() -> {
            String why = "no flow \"" + flowId + "\"; flows: " + scheduler.flows().stream().map(ExportFlow::id).toList();
            return new InvalidEndpointRequestException(why, why);
        });
    }

    private static Map<String, Object> describe(ExportFlow flow, int runs) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("dataset", flow.definition().datasetId());
        out.put("connection", flow.definition().connection());
        out.put("schedule", flow.definition().schedule().toString());
        out.put("format", flow.definition().settings().format());
        out.put("status", flow.status().name());
        flow.watermark().ifPresent(w -> out.put("watermark", w.toString()));
        flow.nextRunAt().ifPresent(n -> out.put("nextRunAt", n.toString()));
        List<Object> recent = new ArrayList<>();
        for (ExportRun run : flow.runs(0, Math.max(0, runs))) {
            recent.add(run(run));
        }
        out.put("runs", recent);
        return out;
    }

    private static Map<String, Object> run(ExportRun run) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("runId", run.runId());
        out.put("status", run.status().name());
        out.put("trigger", run.trigger().name());
        out.put("startedAt", run.startedAt().toString());
        run.finishedAt().ifPresent(f -> out.put("finishedAt", f.toString()));
        out.put("records", run.records());
        out.put("files", run.fileCount());
        out.put("bytes", run.bytes());
        run.manifestPath().ifPresent(m -> out.put("manifest", m));
        run.error().ifPresent(e -> out.put("error", e));
        return out;
    }
}
