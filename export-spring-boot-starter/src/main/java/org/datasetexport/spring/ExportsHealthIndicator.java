package org.datasetexport.spring;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.datasetexport.flows.ExportFlow;
import org.datasetexport.flows.ExportRun;
import org.datasetexport.flows.ExportScheduler;
import org.datasetexport.flows.RunStatus;
import org.datasetexport.flows.RunTrigger;
import org.datasetexport.spi.Destination;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code exports} health: DOWN when a flow's last {@code datasetexport.health.failed-runs}
 * runs all failed, or when a connection's {@code check()} fails (with
 * {@code datasetexport.health.check-connections}, the default). Details per flow (status, last run,
 * consecutive failures, next run) and per connection (its destination type and, when it failed, the
 * destination's message) — names and types only, never a URI option or credential.
 */
public final class ExportsHealthIndicator implements HealthIndicator {
    private final ExportScheduler scheduler;
    private final DatasetExportConnections connections;
    private final DatasetExportProperties.Health settings;

    /**
     * @param scheduler the scheduler whose flows are judged
     * @param connections the declared connections to check
     * @param settings thresholds
     */
    public ExportsHealthIndicator(ExportScheduler scheduler, DatasetExportConnections connections,
                                  DatasetExportProperties.Health settings) {
        this.scheduler = scheduler;
        this.connections = connections;
        this.settings = settings;
    }

    @Override
    public Health health() {
        boolean down = false;
        Map<String, Object> flows = new LinkedHashMap<>();
        int threshold = Math.max(1, settings.getFailedRuns());
        for (ExportFlow flow : scheduler.flows()) {
            List<ExportRun> runs = flow.runs(0, 50);
            int failures = consecutiveFailures(runs);
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("status", flow.status().name());
            runs.stream().filter(r -> r.trigger() != RunTrigger.DEFINITION_CHANGE).findFirst().ifPresent(last -> {
                detail.put("lastRun", last.status().name());
                detail.put("lastRunStartedAt", last.startedAt().toString());
            });
            detail.put("consecutiveFailures", failures);
            flow.nextRunAt().ifPresent(next -> detail.put("nextRunAt", next.toString()));
            if (failures >= threshold) {
                down = true;
                detail.put("problem", "the last " + failures + " runs failed");
            }
            flows.put(flow.id(), detail);
        }
        Map<String, Object> checked = new LinkedHashMap<>();
        if (settings.isCheckConnections()) {
            for (Map.Entry<String, Destination> c : connections.destinations().entrySet()) {
                Map<String, Object> detail = new LinkedHashMap<>();
                detail.put("type", c.getValue().type());
                try {
                    c.getValue().check();
                    detail.put("check", "ok");
                } catch (RuntimeException e) {
                    down = true;
                    detail.put("check", "failed");
                    // the SDK's exceptions name the problem without secrets; the class says what kind it is
                    detail.put("problem", e.getClass().getSimpleName() + ": " + e.getMessage());
                }
                checked.put(c.getKey(), detail);
            }
        }
        Health.Builder health = down ? Health.down() : Health.up();
        health.withDetail("flows", flows);
        if (!checked.isEmpty()) {
            health.withDetail("connections", checked);
        }
        return health.build();
    }

    /** Failed runs since the last one that did not fail, newest first; definition changes and runs in progress do not count. */
    static int consecutiveFailures(List<ExportRun> newestFirst) {
        int failures = 0;
        for (ExportRun run : newestFirst) {
            if (run.trigger() == RunTrigger.DEFINITION_CHANGE
                    || run.status() == RunStatus.RUNNING || run.status() == RunStatus.SCHEDULED) {
                continue;
            }
            if (run.status() != RunStatus.FAILED) {
                break;
            }
            failures++;
        }
        return failures;
    }
}
