package org.datasetexport.spring;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

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
        /**
         * {@code JDBC} when the application has a DataSource, else {@code DIRECTORY} when
         * {@code datasetexport.state.directory} is set, else {@code MEMORY} (with a warning):
         * nothing is written to disk unless a place is named.
         */
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
        /** The folder of the DIRECTORY store; no default (nothing is written where you did not say). */
        private Path directory;

        /** @return which store */
        public StoreKind getStore() {
            return store;
        }

        /** @param store which store */
        public void setStore(StoreKind store) {
            this.store = store;
        }

        /** @return the folder of the directory store, or null when not set */
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
        /**
         * The export's settings in the SDK's settings language, the same keys as the CLI's flows
         * YAML and the state store's JSON: folder, format, format-options.*, compression, manifest,
         * max-file-size, max-records-per-file, parallelism, empty-output, success-marker,
         * partition-by, max-open-files, retention.keep-last / retention.older-than,
         * on-schema-change, mode, incremental-lag, purpose, encryption-key. Unset ones keep the
         * SDK's defaults; an unknown key fails start-up, named.
         */
        private Map<String, Object> settings = new LinkedHashMap<>();

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

        /** @return the settings tree */
        public Map<String, Object> getSettings() {
            return settings;
        }

        /** @param settings the settings tree */
        public void setSettings(Map<String, Object> settings) {
            this.settings = settings;
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
