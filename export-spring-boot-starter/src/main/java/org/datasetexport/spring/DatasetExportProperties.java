package org.datasetexport.spring;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.datasetexport.Compression;
import org.datasetexport.EmptyOutput;
import org.datasetexport.ExportMode;
import org.datasetexport.SchemaChangePolicy;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Everything under {@code datasetexport.*} in {@code application.yml}: the state store,
 * connections (destination URI and options), JDBC datasets over the application's
 * {@code DataSource}, flows, health and the actuator endpoint. Plain getters and setters, as
 * Spring binds them; {@link #toString()} is Object's, so no option value (secrets included) is
 * ever printed from here.
 *
 * <pre>{@code
 * datasetexport:
 *   connections:
 *     lake:
 *       uri: s3://exports-bucket/crm
 *       options:
 *         region: eu-west-1
 *         accessKeyId: ${AWS_ACCESS_KEY_ID}
 *         secretAccessKey: ${AWS_SECRET_ACCESS_KEY}
 *   datasets:
 *     orders:
 *       table: orders
 *       split-column: id
 *       ingestion-column: updated_at
 *   flows:
 *     orders-hourly:
 *       dataset: orders
 *       connection: lake
 *       schedule:
 *         every-hours: 1
 *       format: parquet
 *       compression: zstd
 *       mode: first-full-then-incremental
 * }</pre>
 */
@ConfigurationProperties("datasetexport")
public class DatasetExportProperties {
    /** Whether to create the export scheduler and run the declared flows. */
    private boolean enabled = true;
    /** Where flows and their run history are kept. */
    private final State state = new State();
    /** How often the scheduler looks for due slots. */
    private Duration pollInterval = Duration.ofSeconds(15);
    /** How long shutdown waits for running exports before cancelling them (they leave nothing behind). */
    private Duration closeTimeout = Duration.ofSeconds(30);
    /** Destinations by name: a URI and its options (credentials from the environment, never literal). */
    private final Map<String, Connection> connections = new LinkedHashMap<>();
    /** Datasets read from the application's DataSource, by id (Dataset beans are registered too). */
    private final Map<String, JdbcDatasetProperties> datasets = new LinkedHashMap<>();
    /** Scheduled exports by flow id. */
    private final Map<String, Flow> flows = new LinkedHashMap<>();
    /** The "exports" health indicator. */
    private final Health health = new Health();
    /** The "exports" actuator endpoint. */
    private final Endpoint endpoint = new Endpoint();

    /** @return whether the scheduler is created */
    public boolean isEnabled() {
        return enabled;
    }

    /** @param enabled whether the scheduler is created */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** @return the state store settings */
    public State getState() {
        return state;
    }

    /** @return how often the scheduler looks for due slots */
    public Duration getPollInterval() {
        return pollInterval;
    }

    /** @param pollInterval how often the scheduler looks for due slots */
    public void setPollInterval(Duration pollInterval) {
        this.pollInterval = pollInterval;
    }

    /** @return how long shutdown waits for running exports */
    public Duration getCloseTimeout() {
        return closeTimeout;
    }

    /** @param closeTimeout how long shutdown waits for running exports */
    public void setCloseTimeout(Duration closeTimeout) {
        this.closeTimeout = closeTimeout;
    }

    /** @return connections by name */
    public Map<String, Connection> getConnections() {
        return connections;
    }

    /** @return JDBC datasets by id */
    public Map<String, JdbcDatasetProperties> getDatasets() {
        return datasets;
    }

    /** @return flows by id */
    public Map<String, Flow> getFlows() {
        return flows;
    }

    /** @return the health indicator settings */
    public Health getHealth() {
        return health;
    }

    /** @return the endpoint settings */
    public Endpoint getEndpoint() {
        return endpoint;
    }

    /** Which {@code StateStore} keeps flows and runs. */
    public enum StoreKind {
        /** {@code JDBC} when the application has a DataSource, else {@code DIRECTORY}. */
        AUTO,
        /** Tables {@code datasetexport_flow} and {@code datasetexport_run} in the application's DataSource (shared by instances). */
        JDBC,
        /** JSON files in {@code datasetexport.state.directory} (one instance). */
        DIRECTORY,
        /** In memory: forgotten at shutdown (tests, demos). */
        MEMORY
    }

    /** {@code datasetexport.state.*}. */
    public static class State {
        /** Which store keeps flows and runs. */
        private StoreKind store = StoreKind.AUTO;
        /** The folder of the DIRECTORY store. */
        private Path directory = Path.of("datasetexport-state");

        /** @return which store */
        public StoreKind getStore() {
            return store;
        }

        /** @param store which store */
        public void setStore(StoreKind store) {
            this.store = store;
        }

        /** @return the folder of the directory store */
        public Path getDirectory() {
            return directory;
        }

        /** @param directory the folder of the directory store */
        public void setDirectory(Path directory) {
            this.directory = directory;
        }
    }

    /** {@code datasetexport.connections.<name>.*}: a destination. */
    public static class Connection {
        /** Destination URI, e.g. s3://bucket/prefix, gs://bucket, file:///data/exports. Secrets never go in it. */
        private String uri;
        /** Destination options (region, endpoint, credentials...); use ${ENV_VAR} placeholders for secrets. */
        private Map<String, String> options = new LinkedHashMap<>();

        /** @return the destination URI */
        public String getUri() {
            return uri;
        }

        /** @param uri the destination URI */
        public void setUri(String uri) {
            this.uri = uri;
        }

        /** @return the destination options */
        public Map<String, String> getOptions() {
            return options;
        }

        /** @param options the destination options */
        public void setOptions(Map<String, String> options) {
            this.options = options;
        }
    }

    /** {@code datasetexport.datasets.<id>.*}: a table or query of the application's DataSource. */
    public static class JdbcDatasetProperties {
        /** A table, optionally schema-qualified. Set this or query. */
        private String table;
        /** A SELECT, exported as a sub-query. Set this or table. */
        private String query;
        /** An indexed integer, decimal, date or timestamp column to split reads by (parallel reads). */
        private String splitColumn;
        /** A timestamp column set on insert and update: enables incremental flows. */
        private String ingestionColumn;
        /** Rows per round trip. */
        private Integer fetchSize;
        /** Export columns of types with no mapping as their string form instead of refusing the table. */
        private boolean unmappedAsString;

        /** @return the table */
        public String getTable() {
            return table;
        }

        /** @param table the table */
        public void setTable(String table) {
            this.table = table;
        }

        /** @return the query */
        public String getQuery() {
            return query;
        }

        /** @param query the query */
        public void setQuery(String query) {
            this.query = query;
        }

        /** @return the split column */
        public String getSplitColumn() {
            return splitColumn;
        }

        /** @param splitColumn the split column */
        public void setSplitColumn(String splitColumn) {
            this.splitColumn = splitColumn;
        }

        /** @return the ingestion-time column */
        public String getIngestionColumn() {
            return ingestionColumn;
        }

        /** @param ingestionColumn the ingestion-time column */
        public void setIngestionColumn(String ingestionColumn) {
            this.ingestionColumn = ingestionColumn;
        }

        /** @return rows per round trip, or null for the default */
        public Integer getFetchSize() {
            return fetchSize;
        }

        /** @param fetchSize rows per round trip */
        public void setFetchSize(Integer fetchSize) {
            this.fetchSize = fetchSize;
        }

        /** @return whether unmapped column types are exported as strings */
        public boolean isUnmappedAsString() {
            return unmappedAsString;
        }

        /** @param unmappedAsString whether unmapped column types are exported as strings */
        public void setUnmappedAsString(boolean unmappedAsString) {
            this.unmappedAsString = unmappedAsString;
        }
    }

    /** {@code datasetexport.flows.<id>.schedule.*}: exactly one of once, every-hours, daily. */
    public static class ScheduleProperties {
        /** Run once, at this instant (ISO-8601, e.g. 2026-12-02T02:00:00Z). */
        private Instant once;
        /** Run every this many hours (1 to 24). */
        private Integer everyHours;
        /** Run every day at this UTC time (HH:mm). */
        private LocalTime daily;
        /** First slot not before this instant. */
        private Instant start;
        /** No slot after this instant. */
        private Instant end;

        /** @return the one-off instant */
        public Instant getOnce() {
            return once;
        }

        /** @param once the one-off instant */
        public void setOnce(Instant once) {
            this.once = once;
        }

        /** @return the interval in hours */
        public Integer getEveryHours() {
            return everyHours;
        }

        /** @param everyHours the interval in hours */
        public void setEveryHours(Integer everyHours) {
            this.everyHours = everyHours;
        }

        /** @return the daily UTC time */
        public LocalTime getDaily() {
            return daily;
        }

        /** @param daily the daily UTC time */
        public void setDaily(LocalTime daily) {
            this.daily = daily;
        }

        /** @return the start */
        public Instant getStart() {
            return start;
        }

        /** @param start the start */
        public void setStart(Instant start) {
            this.start = start;
        }

        /** @return the end */
        public Instant getEnd() {
            return end;
        }

        /** @param end the end */
        public void setEnd(Instant end) {
            this.end = end;
        }
    }

    /** {@code datasetexport.flows.<id>.*}: a scheduled export; unset settings keep the SDK's defaults. */
    public static class Flow {
        /** The dataset id: a Dataset bean's id or a key of datasetexport.datasets. */
        private String dataset;
        /** The connection name (a key of datasetexport.connections). */
        private String connection;
        /** When it runs. */
        private final ScheduleProperties schedule = new ScheduleProperties();
        /** Folder under the destination root. */
        private String folder;
        /** Format name: json, parquet, csv (its module must be on the classpath). */
        private String format;
        /** Format options (e.g. row-group-size for parquet). */
        private Map<String, String> formatOptions = new LinkedHashMap<>();
        /** Compression: none, gzip, snappy, zstd. */
        private Compression compression;
        /** Whether to write a manifest. */
        private Boolean manifest;
        /** Roll to a new file at about this size. */
        private DataSize maxFileSize;
        /** Roll to a new file after this many records. */
        private Long maxRecordsPerFile;
        /** Workers per run. */
        private Integer parallelism;
        /** full (everything each run) or first-full-then-incremental (then rows ingested since the last success). */
        private ExportMode mode;
        /** For incremental flows: how far behind now a window ends, for late commits. */
        private Duration incrementalLag;
        /** Write an empty _SUCCESS file after the manifest of a successful run. */
        private Boolean successMarker;
        /** What a run with no rows writes. */
        private EmptyOutput emptyOutput;
        /** What a run does when the schema differs from the last successful run's: allow-any, allow-additive, fail. */
        private SchemaChangePolicy onSchemaChange;
        /** Partitioned layout, outermost first: identity:country, day:ts (also year, month, hour), bucket:16:customerId. */
        private List<String> partitionBy = new ArrayList<>();
        /** Partition files a worker keeps open at once. */
        private Integer maxOpenFiles;
        /** Keep only the flow's newest this-many exports (removed through their manifests; needs manifest). */
        private Integer retentionKeepLast;
        /** Remove the flow's exports older than this (through their manifests; needs manifest). */
        private Duration retentionOlderThan;

        /** @return the dataset id */
        public String getDataset() {
            return dataset;
        }

        /** @param dataset the dataset id */
        public void setDataset(String dataset) {
            this.dataset = dataset;
        }

        /** @return the connection name */
        public String getConnection() {
            return connection;
        }

        /** @param connection the connection name */
        public void setConnection(String connection) {
            this.connection = connection;
        }

        /** @return the schedule */
        public ScheduleProperties getSchedule() {
            return schedule;
        }

        /** @return the folder */
        public String getFolder() {
            return folder;
        }

        /** @param folder the folder */
        public void setFolder(String folder) {
            this.folder = folder;
        }

        /** @return the format name */
        public String getFormat() {
            return format;
        }

        /** @param format the format name */
        public void setFormat(String format) {
            this.format = format;
        }

        /** @return the format options */
        public Map<String, String> getFormatOptions() {
            return formatOptions;
        }

        /** @param formatOptions the format options */
        public void setFormatOptions(Map<String, String> formatOptions) {
            this.formatOptions = formatOptions;
        }

        /** @return the compression */
        public Compression getCompression() {
            return compression;
        }

        /** @param compression the compression */
        public void setCompression(Compression compression) {
            this.compression = compression;
        }

        /** @return whether to write a manifest */
        public Boolean getManifest() {
            return manifest;
        }

        /** @param manifest whether to write a manifest */
        public void setManifest(Boolean manifest) {
            this.manifest = manifest;
        }

        /** @return the file size limit */
        public DataSize getMaxFileSize() {
            return maxFileSize;
        }

        /** @param maxFileSize the file size limit */
        public void setMaxFileSize(DataSize maxFileSize) {
            this.maxFileSize = maxFileSize;
        }

        /** @return the records-per-file limit */
        public Long getMaxRecordsPerFile() {
            return maxRecordsPerFile;
        }

        /** @param maxRecordsPerFile the records-per-file limit */
        public void setMaxRecordsPerFile(Long maxRecordsPerFile) {
            this.maxRecordsPerFile = maxRecordsPerFile;
        }

        /** @return workers per run */
        public Integer getParallelism() {
            return parallelism;
        }

        /** @param parallelism workers per run */
        public void setParallelism(Integer parallelism) {
            this.parallelism = parallelism;
        }

        /** @return full or incremental */
        public ExportMode getMode() {
            return mode;
        }

        /** @param mode full or incremental */
        public void setMode(ExportMode mode) {
            this.mode = mode;
        }

        /** @return the incremental lag */
        public Duration getIncrementalLag() {
            return incrementalLag;
        }

        /** @param incrementalLag the incremental lag */
        public void setIncrementalLag(Duration incrementalLag) {
            this.incrementalLag = incrementalLag;
        }

        /** @return whether to write _SUCCESS */
        public Boolean getSuccessMarker() {
            return successMarker;
        }

        /** @param successMarker whether to write _SUCCESS */
        public void setSuccessMarker(Boolean successMarker) {
            this.successMarker = successMarker;
        }

        /** @return what an empty run writes */
        public EmptyOutput getEmptyOutput() {
            return emptyOutput;
        }

        /** @param emptyOutput what an empty run writes */
        public void setEmptyOutput(EmptyOutput emptyOutput) {
            this.emptyOutput = emptyOutput;
        }

        /** @return the partition spec */
        public List<String> getPartitionBy() {
            return partitionBy;
        }

        /** @param partitionBy the partition spec */
        public void setPartitionBy(List<String> partitionBy) {
            this.partitionBy = partitionBy;
        }

        /** @return partition files open at once per worker */
        public Integer getMaxOpenFiles() {
            return maxOpenFiles;
        }

        /** @param maxOpenFiles partition files open at once per worker */
        public void setMaxOpenFiles(Integer maxOpenFiles) {
            this.maxOpenFiles = maxOpenFiles;
        }

        /** @return how many exports to keep */
        public Integer getRetentionKeepLast() {
            return retentionKeepLast;
        }

        /** @param retentionKeepLast how many exports to keep */
        public void setRetentionKeepLast(Integer retentionKeepLast) {
            this.retentionKeepLast = retentionKeepLast;
        }

        /** @return the age beyond which exports are removed */
        public Duration getRetentionOlderThan() {
            return retentionOlderThan;
        }

        /** @param retentionOlderThan the age beyond which exports are removed */
        public void setRetentionOlderThan(Duration retentionOlderThan) {
            this.retentionOlderThan = retentionOlderThan;
        }

        /** @return the schema-change policy */
        public SchemaChangePolicy getOnSchemaChange() {
            return onSchemaChange;
        }

        /** @param onSchemaChange the schema-change policy */
        public void setOnSchemaChange(SchemaChangePolicy onSchemaChange) {
            this.onSchemaChange = onSchemaChange;
        }
    }

    /** {@code datasetexport.health.*}. */
    public static class Health {
        /** DOWN when a flow's last this-many runs all failed. */
        private int failedRuns = 3;
        /** Also run each connection's check() (write, list, delete permissions); DOWN when one fails. */
        private boolean checkConnections = true;

        /** @return the failed-runs threshold */
        public int getFailedRuns() {
            return failedRuns;
        }

        /** @param failedRuns the failed-runs threshold */
        public void setFailedRuns(int failedRuns) {
            this.failedRuns = failedRuns;
        }

        /** @return whether connections are checked */
        public boolean isCheckConnections() {
            return checkConnections;
        }

        /** @param checkConnections whether connections are checked */
        public void setCheckConnections(boolean checkConnections) {
            this.checkConnections = checkConnections;
        }
    }

    /** {@code datasetexport.endpoint.*}. */
    public static class Endpoint {
        /** Allow run-now, pause and resume through the endpoint (also subject to management.endpoint.exports.access). */
        private boolean writeOperations;
        /** Recent runs listed per flow. */
        private int recentRuns = 5;

        /** @return whether write operations are allowed */
        public boolean isWriteOperations() {
            return writeOperations;
        }

        /** @param writeOperations whether write operations are allowed */
        public void setWriteOperations(boolean writeOperations) {
            this.writeOperations = writeOperations;
        }

        /** @return recent runs per flow */
        public int getRecentRuns() {
            return recentRuns;
        }

        /** @param recentRuns recent runs per flow */
        public void setRecentRuns(int recentRuns) {
            this.recentRuns = recentRuns;
        }
    }
}
