package org.datasetexport.flows;

import org.datasetexport.Compression;
import org.datasetexport.ExportMode;
import org.datasetexport.ConfigurationException;
import org.datasetexport.ExportSettings;
import org.datasetexport.Schedule;
import java.util.Objects;
import org.datasetexport.flows.internal.state.FlowJson;
import org.datasetexport.spi.StoragePaths;

/**
 * What a flow does, in a form that survives restarts: its id, the dataset by id (resolved in the
 * scheduler's dataset catalog), the destination by the name of a connection (resolved in its
 * connections, never with secrets inline), the schedule, and the {@link ExportSettings}.
 * Round-trips as versioned JSON ({@link #toJson()}, {@link #fromJson(String)}). Immutable.
 *
 * <pre>{@code
 * FlowDefinition nightly = FlowDefinition.builder()
 *         .flowId("nightly-users").datasetId("users").connection("backups")
 *         .schedule(Schedule.daily(LocalTime.of(2, 0)))
 *         .settings(ExportSettings.builder().folder("nightly").format("parquet")
 *                 .compression(Compression.SNAPPY).manifest(true)
 *                 .mode(ExportMode.FIRST_FULL_THEN_INCREMENTAL).build())
 *         .build();
 * }</pre>
 */
public final class FlowDefinition {
    private final String flowId;
    private final String datasetId;
    private final String connection;
    private final Schedule schedule;
    private final ExportSettings settings;

    private FlowDefinition(Builder b) {
        this.flowId = StoragePaths.requireValidSegment(b.flowId, "flowId");
        this.datasetId = StoragePaths.requireValidSegment(b.datasetId, "datasetId");
        this.connection = StoragePaths.requireValidSegment(b.connection, "connection");
        this.schedule = ConfigurationException.requireNonNull(b.schedule, "schedule");
        this.settings = b.settings;
    }

    /** @return a builder; flow id, dataset id, connection and schedule are required, settings default to {@link ExportSettings#defaults()} */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this definition, to derive a changed copy */
    public Builder toBuilder() {
        return new Builder().flowId(flowId).datasetId(datasetId).connection(connection).schedule(schedule)
                .settings(settings);
    }

    /** @return the flow's stable id */
    public String flowId() {
        return flowId;
    }

    /** @return the dataset, by id */
    public String datasetId() {
        return datasetId;
    }

    /** @return the destination, by connection name */
    public String connection() {
        return connection;
    }

    /** @return when the flow runs */
    public Schedule schedule() {
        return schedule;
    }

    /** @return what each run exports and how */
    public ExportSettings settings() {
        return settings;
    }

    /** @return this definition as JSON, with its {@code formatVersion} (no secrets: the destination is a connection name) */
    public String toJson() {
        return FlowJson.definitionToJson(this);
    }

    /**
     * @param json a definition written by {@link #toJson()}, by this or an earlier version
     * @return the definition
     * @throws ConfigurationException when the JSON is not a valid definition, or was written by a newer version
     */
    public static FlowDefinition fromJson(String json) {
        return FlowJson.definitionFromJson(json);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FlowDefinition d && flowId.equals(d.flowId) && datasetId.equals(d.datasetId)
                && connection.equals(d.connection) && schedule.equals(d.schedule) && settings.equals(d.settings);
    }

    @Override
    public int hashCode() {
        return Objects.hash(flowId, datasetId, connection, schedule, settings);
    }

    @Override
    public String toString() {
        return "FlowDefinition[flowId=" + flowId + ", datasetId=" + datasetId + ", connection=" + connection
                + ", schedule=" + schedule + ", settings=" + settings + "]";
    }

    /** Builds a {@link FlowDefinition}; validated in {@link #build()}. Not thread-safe. */
    public static final class Builder {
        private String flowId;
        private String datasetId;
        private String connection;
        private Schedule schedule;
        private ExportSettings settings = ExportSettings.defaults();

        private Builder() {
        }

        /**
         * @param flowId the flow's stable id (letters, digits, {@code . _ = -})
         * @return this builder
         */
        public Builder flowId(String flowId) {
            this.flowId = ConfigurationException.requireNonNull(flowId, "flowId");
            return this;
        }

        /**
         * @param datasetId the dataset's id in the scheduler's dataset catalog
         * @return this builder
         */
        public Builder datasetId(String datasetId) {
            this.datasetId = ConfigurationException.requireNonNull(datasetId, "datasetId");
            return this;
        }

        /**
         * @param connection the name of a connection registered with the scheduler
         * @return this builder
         */
        public Builder connection(String connection) {
            this.connection = ConfigurationException.requireNonNull(connection, "connection");
            return this;
        }

        /**
         * @param schedule when the flow runs
         * @return this builder
         */
        public Builder schedule(Schedule schedule) {
            this.schedule = ConfigurationException.requireNonNull(schedule, "schedule");
            return this;
        }

        /**
         * @param settings what each run exports; default {@link ExportSettings#defaults()}
         * @return this builder
         * @throws ConfigurationException when null
         */
        public Builder settings(ExportSettings settings) {
            this.settings = ConfigurationException.requireNonNull(settings, "settings");
            return this;
        }

        /**
         * @return the definition
         * @throws ConfigurationException naming the first missing or invalid part
         */
        public FlowDefinition build() {
            return new FlowDefinition(this);
        }
    }
}
