package org.datasetexport.spring;

import javax.sql.DataSource;
import org.datasetexport.ConfigurationException;
import org.datasetexport.ExportSettings;
import org.datasetexport.flows.FlowDefinition;
import org.datasetexport.Schedule;
import org.datasetexport.jdbc.JdbcDataset;
import org.springframework.beans.factory.ObjectProvider;

/** Turns bound properties into the SDK's values; every refusal names the property it came from. */
final class FlowProperties {
    private FlowProperties() {
    }

    /**
     * @param flowId the key under {@code datasetexport.flows}
     * @param flow its properties
     * @return the definition; unset settings keep {@link ExportSettings#defaults()}
     */
    static FlowDefinition definition(String flowId, DatasetExportProperties.Flow flow) {
        String prefix = "datasetexport.flows." + flowId;
        ConfigurationException.check(flow.getDataset() != null, "%s.dataset is missing", prefix);
        ConfigurationException.check(flow.getConnection() != null, "%s.connection is missing", prefix);
        // the SDK's one settings language: the keys of the CLI's flows YAML and the state JSON
        ExportSettings settings = ExportSettings.fromTree(flow.getSettings(), prefix + ".settings");
        try {
            return FlowDefinition.builder()
                    .flowId(flowId)
                    .datasetId(flow.getDataset())
                    .connection(flow.getConnection())
                    .schedule(schedule(prefix + ".schedule", flow.getSchedule()))
                    .settings(settings)
                    .build();
        } catch (ConfigurationException e) {
            throw new ConfigurationException(prefix + ": " + e.getMessage(), e);
        }
    }

    private static Schedule schedule(String prefix, DatasetExportProperties.ScheduleProperties s) {
        int kinds = (s.getOnce() != null ? 1 : 0) + (s.getEveryHours() != null ? 1 : 0) + (s.getDaily() != null ? 1 : 0);
        ConfigurationException.check(kinds == 1, "%s needs exactly one of once, every-hours, daily; got %d", prefix, kinds);
        Schedule schedule = s.getOnce() != null ? Schedule.once(s.getOnce())
                : s.getEveryHours() != null ? Schedule.everyHours(s.getEveryHours())
                : Schedule.daily(s.getDaily());
        if (s.getStart() != null) {
            schedule = schedule.startingAt(s.getStart());
        }
        if (s.getEnd() != null) {
            schedule = schedule.endingAt(s.getEnd());
        }
        return schedule;
    }

    /**
     * @param id the key under {@code datasetexport.datasets}
     * @param declared its properties
     * @param dataSource the application's DataSource
     * @return the dataset (its columns are read now, so a wrong table fails start-up)
     */
    static JdbcDataset jdbcDataset(String id, DatasetExportProperties.JdbcDatasetProperties declared,
                                   ObjectProvider<DataSource> dataSource) {
        String prefix = "datasetexport.datasets." + id;
        DataSource ds = dataSource.getIfUnique();
        ConfigurationException.check(ds != null, "%s needs one DataSource bean in the application", prefix);
        ConfigurationException.check((declared.getTable() == null) != (declared.getQuery() == null),
                "%s needs exactly one of table and query", prefix);
        try {
            JdbcDataset.Builder builder = JdbcDataset.builder(ds).id(id);
            if (declared.getTable() != null) {
                builder.table(declared.getTable());
            } else {
                builder.query(declared.getQuery());
            }
            if (declared.getSplitColumn() != null) {
                builder.splitColumn(declared.getSplitColumn());
            }
            if (declared.getIngestionColumn() != null) {
                builder.ingestionColumn(declared.getIngestionColumn());
            }
            if (declared.getFetchSize() != null) {
                builder.fetchSize(declared.getFetchSize());
            }
            if (declared.isUnmappedAsString()) {
                builder.unmappedAsString();
            }
            return builder.build();
        } catch (ConfigurationException e) {
            throw new ConfigurationException(prefix + ": " + e.getMessage(), e);
        }
    }
}
