package org.datasetexport.spring;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.util.Map;
import javax.sql.DataSource;
import org.datasetexport.ConfigurationException;
import org.datasetexport.ExportListener;
import org.datasetexport.flows.ExportScheduler;
import org.datasetexport.flows.StateStore;
import org.datasetexport.data.Dataset;
import org.datasetexport.micrometer.ExportMetrics;
import org.datasetexport.flows.service.Connections;
import org.datasetexport.flows.service.DatasetCatalog;
import org.datasetexport.flows.service.EncryptionKeys;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configures an {@link ExportScheduler} from {@code datasetexport.*}: its state store (the
 * application's {@code DataSource} when there is one, else a folder), the declared connections,
 * every {@link Dataset} bean plus the JDBC datasets declared by table or query, and the declared
 * flows, created (or re-attached with their history) at start-up — after the application's
 * database initialization (schema scripts, Flyway, Liquibase) — and run by the scheduler's own
 * background polling, which starts only once the context is refreshed ({@link ExportSchedulerLifecycle}),
 * so a start-up that fails runs no export. Shutdown closes the scheduler gracefully: running exports finish within
 * {@code datasetexport.close-timeout} or are cancelled, leaving nothing behind.
 *
 * <p>With Spring Boot's health module: an {@code exports} {@link HealthIndicator}. With the
 * actuator: an {@code exports} endpoint. With Micrometer and export-micrometer: meters and
 * observations for every run ({@link ExportMetrics}). Each backs off when the application
 * defines its own bean of that type; {@code datasetexport.enabled=false} turns it all off.
 */
@AutoConfiguration(afterName = {
        // Spring Boot 4
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
        "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
        // Spring Boot 3.5 (everything but the health indicator works there, see the module README)
        "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration"})
@ConditionalOnClass(ExportScheduler.class)
@ConditionalOnProperty(prefix = "datasetexport", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(DatasetExportProperties.class)
public class DatasetExportAutoConfiguration {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DatasetExportAutoConfiguration.class);

    /**
     * @param properties {@code datasetexport.*}
     * @param dataSource the application's DataSource, if any
     * @return the store of flows and runs
     */
    @Bean
    @ConditionalOnMissingBean
    @DependsOnDatabaseInitialization
    public StateStore datasetExportStateStore(DatasetExportProperties properties, ObjectProvider<DataSource> dataSource) {
        DatasetExportProperties.StoreKind kind = properties.getState().getStore();
        DataSource ds = dataSource.getIfUnique();
        switch (kind) {
            case JDBC:
                if (ds == null) {
                    throw new ConfigurationException("datasetexport.state.store=jdbc needs one DataSource bean; found "
                            + dataSource.stream().count());
                }
                return StateStore.jdbc(ds);
            case MEMORY:
                return StateStore.inMemory();
            case DIRECTORY:
                if (properties.getState().getDirectory() == null) {
                    throw new ConfigurationException("datasetexport.state.store=directory needs datasetexport.state.directory: "
                            + "the folder to keep flows and runs in");
                }
                return StateStore.directory(properties.getState().getDirectory());
            default:
                if (ds != null) {
                    return StateStore.jdbc(ds);
                }
                if (properties.getState().getDirectory() != null) {
                    return StateStore.directory(properties.getState().getDirectory());
                }
                LOG.warn("datasetexport: no DataSource and no datasetexport.state.directory: flows, watermarks and run "
                        + "history live in memory and are gone at shutdown");
                return StateStore.inMemory();
        }
    }

    /**
     * @param properties {@code datasetexport.*}
     * @return the declared connections, opened
     */
    @Bean
    @ConditionalOnMissingBean
    public DatasetExportConnections datasetExportConnections(DatasetExportProperties properties) {
        return new DatasetExportConnections(properties.getConnections());
    }

    /**
     * @param properties {@code datasetexport.*}
     * @param stateStore the store
     * @param connections the declared connections
     * @param datasets every Dataset bean
     * @param dataSource the application's DataSource, for declared JDBC datasets
     * @param listeners every ExportListener bean (ExportMetrics among them), told about every run
     * @param encryptionKeys the application's {@link EncryptionKeys} bean, if any: the keys that flows'
     *        {@code settings.encryption-key} names resolve in (without it such a flow fails start-up, named)
     * @return the scheduler, with the declared flows created
     */
    @Bean
    @ConditionalOnMissingBean
    @DependsOnDatabaseInitialization
    public ExportScheduler exportScheduler(DatasetExportProperties properties, StateStore stateStore,
                                           DatasetExportConnections connections, ObjectProvider<Dataset> datasets,
                                           ObjectProvider<DataSource> dataSource, ObjectProvider<ExportListener> listeners,
                                           ObjectProvider<EncryptionKeys> encryptionKeys) {
        DatasetCatalog catalog = new DatasetCatalog();
        datasets.orderedStream().forEach(catalog::register);
        properties.getDatasets().forEach((id, declared) -> catalog.register(FlowProperties.jdbcDataset(id, declared, dataSource)));
        Connections registry = new Connections();
        connections.registerIn(registry);
        ExportScheduler.Builder builder = ExportScheduler.builder()
                .stateStore(stateStore)
                .datasets(catalog)
                .connections(registry)
                .pollInterval(properties.getPollInterval())
                .closeTimeout(properties.getCloseTimeout())
                // polling starts once the context is refreshed (ExportSchedulerLifecycle): a start-up
                // that fails after this bean was created has run no export
                .deferPolling();
        listeners.orderedStream().forEach(builder::listener);
        encryptionKeys.ifUnique(builder::encryptionKeys);
        // created before the scheduler's first poll: a bad flow fails start-up before any flow ran
        for (Map.Entry<String, DatasetExportProperties.Flow> flow : properties.getFlows().entrySet()) {
            builder.flow(FlowProperties.definition(flow.getKey(), flow.getValue()), "datasetexport.flows." + flow.getKey());
        }
        return builder.build();
    }

    /**
     * @param scheduler the scheduler
     * @return what starts its polling after the context is refreshed and closes it before the
     *         application's beans (its DataSource among them) are destroyed
     */
    @Bean
    @ConditionalOnMissingBean
    public ExportSchedulerLifecycle exportSchedulerLifecycle(ExportScheduler scheduler) {
        return new ExportSchedulerLifecycle(scheduler);
    }

    /** The {@code exports} health indicator, when Spring Boot's health module is present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    static class HealthConfiguration {
        @Bean
        @ConditionalOnMissingBean(name = "exportsHealthIndicator")
        ExportsHealthIndicator exportsHealthIndicator(ExportScheduler scheduler, DatasetExportConnections connections,
                                                      DatasetExportProperties properties) {
            return new ExportsHealthIndicator(scheduler, connections, properties.getHealth());
        }
    }

    /** The {@code exports} actuator endpoint, when the actuator is present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Endpoint.class)
    static class EndpointConfiguration {
        @Bean
        @ConditionalOnMissingBean
        ExportsEndpoint exportsEndpoint(ExportScheduler scheduler, DatasetExportProperties properties) {
            return new ExportsEndpoint(scheduler, properties.getEndpoint());
        }
    }

    /** Meters and observations, when Micrometer, export-micrometer and a MeterRegistry are present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({MeterRegistry.class, ExportMetrics.class})
    @ConditionalOnBean(MeterRegistry.class)
    static class MetricsConfiguration {
        @Bean
        @ConditionalOnMissingBean
        ExportMetrics exportMetrics(MeterRegistry registry, ObjectProvider<ObservationRegistry> observations) {
            ObservationRegistry observationRegistry = observations.getIfUnique();
            return observationRegistry != null ? ExportMetrics.bind(registry, observationRegistry) : ExportMetrics.bind(registry);
        }

        /** Per-flow gauges once the scheduler exists (the metrics listener is passed to it as an ExportListener). */
        @Bean
        SmartInitializingSingleton exportMetricsFlowGauges(ExportMetrics metrics, ObjectProvider<ExportScheduler> scheduler) {
            return () -> scheduler.ifAvailable(metrics::bindTo);
        }
    }
}
