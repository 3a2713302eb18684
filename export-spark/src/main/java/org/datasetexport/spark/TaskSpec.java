package org.datasetexport.spark;

import java.io.Serializable;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.datasetexport.DestinationSpec;
import org.datasetexport.ExportSettings;
import org.datasetexport.data.Datasets;
import org.datasetexport.data.Schema;
import org.datasetexport.data.TimeWindow;
import org.datasetexport.engine.ExportPlan;
import org.datasetexport.engine.ProviderRegistry;
import org.datasetexport.spi.Destination;
import org.datasetexport.spi.Format;
import org.datasetexport.spi.UriRedaction;

/**
 * What every task of a run needs to rebuild the run's plan on its executor: the destination URI
 * and options, the format, the settings that shape files, the schema, and the run's id and time.
 * Shipped to executors with each task; its {@code toString()} (which Spark prints when something
 * fails to serialize) shows no option value, and the options' own map is never exposed.
 */
final class TaskSpec implements Serializable {
    private static final long serialVersionUID = 1L;

    final String uri;
    private final LinkedHashMap<String, String> options;
    final String datasetId;
    final String schemaJson;
    final String flowId;
    final String runId;
    final Instant scheduledTime;
    final Instant windowTo;
    /** Every setting, in the settings language ({@code ExportSettings.toTree()}): nothing is copied field by field. */
    private final LinkedHashMap<String, Object> settings;
    final String format;
    final TaskHook afterCommit;
    /** The providers this task's context class loader sees; one look-up per deserialized task, no static cache. */
    private transient ProviderRegistry registry;

    TaskSpec(String uri, Map<String, String> options, String datasetId, Schema schema, String flowId, String runId,
             Instant scheduledTime, Instant windowTo, ExportSettings settings, TaskHook afterCommit) {
        this.uri = uri;
        this.options = new LinkedHashMap<>(options);
        this.datasetId = datasetId;
        this.schemaJson = schema.toJson();
        this.flowId = flowId;
        this.runId = runId;
        this.scheduledTime = scheduledTime;
        this.windowTo = windowTo;
        this.settings = new LinkedHashMap<>(settings.toTree());
        this.format = settings.format();
        this.afterCommit = afterCommit;
    }

    /**
     * The providers the task's context class loader sees (the job's jars on a cluster), looked up
     * once per task: a static per-loader cache would keep every job's class loader alive in a
     * long-lived executor.
     */
    private ProviderRegistry registry() {
        if (registry == null) {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            registry = loader == null ? ProviderRegistry.instance() : new ProviderRegistry(loader);
        }
        return registry;
    }

    Destination openDestination() {
        return registry().destination(uri, Collections.unmodifiableMap(options));
    }

    /** @return the run's plan, rebuilt where the task runs */
    ExportPlan plan(Destination destination) {
        ExportSettings s = ExportSettings.fromTree(settings, "settings of run " + runId);
        Format f = registry().format(s.format(), s.formatOptions());
        Schema schema = Schema.fromJson(schemaJson);
        return new ExportPlan(s, Datasets.of(datasetId, schema, List.of()), destination, DestinationSpec.of(uri, options), true,
                f, null, List.of(), null, Clock.systemUTC(), flowId);
    }

    TimeWindow window() {
        return TimeWindow.upTo(windowTo);
    }

    @Override
    public String toString() {
        // never the options: they hold credentials
        return "TaskSpec[run " + runId + ", dataset " + datasetId + ", " + format + " to " + UriRedaction.redact(uri) + ", options "
                + options.keySet() + "]";
    }
}
