package org.datasetexport.spark;

import java.io.Serializable;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.datasetexport.Compression;
import org.datasetexport.ExportSettings;
import org.datasetexport.Partition;
import org.datasetexport.data.Datasets;
import org.datasetexport.data.Schema;
import org.datasetexport.data.TimeWindow;
import org.datasetexport.internal.engine.ExportPlan;
import org.datasetexport.internal.registry.ProviderRegistry;
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
    private static final Map<ClassLoader, ProviderRegistry> REGISTRIES = new ConcurrentHashMap<>();

    final String uri;
    private final LinkedHashMap<String, String> options;
    final String datasetId;
    final String schemaJson;
    final String flowId;
    final String runId;
    final Instant scheduledTime;
    final Instant windowTo;
    final String folder;
    final String format;
    private final LinkedHashMap<String, String> formatOptions;
    final Compression compression;
    final long maxFileSize;
    final long maxRecordsPerFile;
    final List<String> partitions;
    final int maxOpenFiles;
    final TaskHook afterCommit;

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
        this.folder = settings.folder();
        this.format = settings.format();
        this.formatOptions = new LinkedHashMap<>(settings.formatOptions());
        this.compression = settings.compression();
        this.maxFileSize = settings.maxFileSize();
        this.maxRecordsPerFile = settings.maxRecordsPerFile();
        this.partitions = settings.partitions().stream().map(p -> p.transform().name().toLowerCase(java.util.Locale.ROOT) + ":"
                + (p.transform() == Partition.Transform.BUCKET ? p.buckets() + ":" : "") + p.field()).toList();
        this.maxOpenFiles = settings.maxOpenFiles();
        this.afterCommit = afterCommit;
    }

    /** The providers the task's context class loader sees (the job's jars on a cluster), found once per loader. */
    private static ProviderRegistry registry() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            return ProviderRegistry.instance();
        }
        return REGISTRIES.computeIfAbsent(loader, ProviderRegistry::new);
    }

    Destination openDestination() {
        return registry().destination(uri, Collections.unmodifiableMap(options));
    }

    /** @return the run's plan, rebuilt where the task runs */
    ExportPlan plan(Destination destination) {
        Format f = registry().format(format, formatOptions);
        ExportSettings.Builder s = ExportSettings.builder().folder(folder).format(format).compression(compression)
                .maxFileSize(maxFileSize).maxRecordsPerFile(maxRecordsPerFile);
        if (!formatOptions.isEmpty()) {
            s.formatOptions(formatOptions);
        }
        if (!partitions.isEmpty()) {
            s.partitions(partitions.stream().map(Partition::parse).toList()).maxOpenFiles(maxOpenFiles);
        }
        Schema schema = Schema.fromJson(schemaJson);
        return new ExportPlan(s.build(), Datasets.of(datasetId, schema, List.of()), destination, true, f, null, List.of(),
                null, Clock.systemUTC(), flowId);
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
