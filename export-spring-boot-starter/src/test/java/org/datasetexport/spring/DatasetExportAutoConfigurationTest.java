package org.datasetexport.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.datasetexport.ConfigurationException;
import org.datasetexport.flows.ExportFlow;
import org.datasetexport.flows.ExportRun;
import org.datasetexport.flows.ExportScheduler;
import org.datasetexport.Partition;
import org.datasetexport.flows.RunStatus;
import org.datasetexport.flows.StateStore;
import org.datasetexport.data.DataType;
import org.datasetexport.data.Dataset;
import org.datasetexport.data.Datasets;
import org.datasetexport.data.Row;
import org.datasetexport.data.Schema;
import org.datasetexport.micrometer.ExportMetrics;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Each condition of {@link DatasetExportAutoConfiguration}, with {@link ApplicationContextRunner}:
 * the state store it picks, the flows it creates from properties, datasets from beans and from
 * declared tables, backing off for the application's own beans, turning off, refusing bad
 * configuration by property name, and the health, endpoint and metrics parts with and without
 * their libraries.
 */
class DatasetExportAutoConfigurationTest {
    private static final Schema SCHEMA = Schema.builder().required("id", DataType.LONG).optional("name", DataType.STRING).build();

    @TempDir
    Path dir;

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DatasetExportAutoConfiguration.class))
                .withPropertyValues("datasetexport.state.directory=" + dir.resolve("state"),
                        "datasetexport.health.check-connections=false");
    }

    @org.junit.jupiter.api.Test
    void noDataSourceAndNoDirectory_keepsStateInMemory_andWritesNothingToTheWorkingDirectory() {
        boolean existedBefore = java.nio.file.Files.exists(Path.of("datasetexport-state"));
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(DatasetExportAutoConfiguration.class))
                .withPropertyValues("datasetexport.health.check-connections=false")
                .run(context -> {
                    org.assertj.core.api.Assertions.assertThat(context).hasNotFailed();
                    org.assertj.core.api.Assertions.assertThat(context.getBean(org.datasetexport.flows.StateStore.class).getClass()
                            .getSimpleName()).isEqualTo("InMemoryStateStore");
                });
        if (!existedBefore) {
            org.assertj.core.api.Assertions.assertThat(Path.of("datasetexport-state")).doesNotExist();
        }
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(DatasetExportAutoConfiguration.class))
                .withPropertyValues("datasetexport.state.store=directory")
                .run(context -> org.assertj.core.api.Assertions.assertThat(context).getFailure()
                        .hasStackTraceContaining("datasetexport.state.directory"));
    }

    @org.junit.jupiter.api.Test
    void aFlowNamingAnEncryptionKeyNoBeanHolds_failsStartupNamingIt_andWithTheKeyRegisteredItStarts() {
        String[] flow = flowToFolder("secret", "events");
        runner().withBean(Dataset.class, DatasetExportAutoConfigurationTest::events)
                .withPropertyValues(flow).withPropertyValues("datasetexport.flows.secret.settings.encryption-key=customer-key")
                .run(context -> org.assertj.core.api.Assertions.assertThat(context).getFailure()
                        .hasStackTraceContaining("datasetexport.flows.secret").hasStackTraceContaining("\"customer-key\""));
        runner().withBean(Dataset.class, DatasetExportAutoConfigurationTest::events)
                .withBean(org.datasetexport.flows.service.EncryptionKeys.class, () -> new org.datasetexport.flows.service.EncryptionKeys()
                        .register("customer-key", new PlainMarker()))
                .withPropertyValues(flow).withPropertyValues("datasetexport.flows.secret.settings.encryption-key=customer-key")
                .run(context -> org.assertj.core.api.Assertions.assertThat(context.getBean(org.datasetexport.flows.ExportScheduler.class)
                        .flow("secret").orElseThrow().definition().settings().encryption()).hasValue("customer-key"));
    }

    /** A stand-in key (the OpenPGP module is not on this classpath). */
    private static final class PlainMarker implements org.datasetexport.Encryption {
        @Override
        public String name() {
            return "marker";
        }

        @Override
        public String fileSuffix() {
            return ".marked";
        }

        @Override
        public String keyId() {
            return "k";
        }

        @Override
        public java.io.OutputStream encrypt(java.io.OutputStream out, String fileName) {
            return out;
        }
    }

    private static Dataset events() {
        return Datasets.of("events", SCHEMA, List.of(Row.of(1L, "a"), Row.of(2L, "b"), Row.of(3L, null)));
    }

    private String[] flowToFolder(String flowId, String dataset) {
        return new String[] {
            "datasetexport.connections.local.uri=" + dir.resolve("out").toUri(),
            "datasetexport.flows." + flowId + ".dataset=" + dataset,
            "datasetexport.flows." + flowId + ".connection=local",
            "datasetexport.flows." + flowId + ".schedule.every-hours=1",
            "datasetexport.flows." + flowId + ".settings.format=json",
            "datasetexport.flows." + flowId + ".settings.manifest=true"
        };
    }

    private List<Path> dataFiles() throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve("out"))) {
            return files.filter(p -> p.getFileName().toString().startsWith("part-")).toList();
        }
    }

    @Test
    void withoutDataSource_schedulerKeepsStateInTheFolder() {
        runner().run(context -> {
            assertThat(context).hasSingleBean(ExportScheduler.class).hasSingleBean(StateStore.class)
                    .hasSingleBean(ExportsHealthIndicator.class).hasSingleBean(ExportsEndpoint.class)
                    .doesNotHaveBean(ExportMetrics.class);
            assertThat(context.getBean(StateStore.class).getClass().getSimpleName()).isEqualTo("DirectoryStateStore");
            assertThat(dir.resolve("state")).isDirectory();
        });
    }

    @Test
    void withDataSource_schedulerKeepsStateInItsTables() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:state-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        runner().withBean(DataSource.class, () -> h2).withBean("events", Dataset.class, DatasetExportAutoConfigurationTest::events)
                .withPropertyValues(flowToFolder("nightly", "events"))
                .run(context -> {
                    assertThat(context.getBean(StateStore.class).getClass().getSimpleName()).isEqualTo("JdbcStateStore");
                    try (Connection c = h2.getConnection(); Statement s = c.createStatement();
                         var rs = s.executeQuery("SELECT COUNT(*) FROM datasetexport_flow")) {
                        rs.next();
                        assertThat(rs.getInt(1)).isEqualTo(1);
                    }
                });
    }

    @Test
    void declaredFlow_overADatasetBean_runsAndWritesItsFiles() {
        runner().withBean("events", Dataset.class, DatasetExportAutoConfigurationTest::events)
                .withPropertyValues(flowToFolder("nightly", "events"))
                .run(context -> {
                    ExportFlow flow = context.getBean(ExportScheduler.class).flow("nightly").orElseThrow();
                    assertThat(flow.definition().datasetId()).isEqualTo("events");
                    assertThat(flow.definition().settings().manifest()).isTrue();
                    ExportRun run = flow.runNow();
                    assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
                    assertThat(run.records()).isEqualTo(3);
                    assertThat(dataFiles()).hasSize(1);
                    assertThat(String.join("\n", Files.readAllLines(dataFiles().get(0)))).contains("\"id\":2");
                });
    }

    @Test
    void declaredJdbcDataset_readsTheApplicationsTable() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:app-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        try (Connection c = h2.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id BIGINT PRIMARY KEY, total DECIMAL(10,2))");
            s.execute("INSERT INTO orders VALUES (1, 9.99), (2, 20.00)");
        }
        runner().withBean(DataSource.class, () -> h2)
                .withPropertyValues(flowToFolder("orders-hourly", "orders"))
                .withPropertyValues("datasetexport.datasets.orders.table=orders", "datasetexport.datasets.orders.split-column=id")
                .run(context -> {
                    ExportRun run = context.getBean(ExportScheduler.class).flow("orders-hourly").orElseThrow().runNow();
                    assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
                    assertThat(run.records()).isEqualTo(2);
                    assertThat(String.join("\n", Files.readAllLines(dataFiles().get(0)))).contains("9.99");
                });
    }

    @Test
    void partitionedFlow_fromProperties() {
        runner().withBean("events", Dataset.class, DatasetExportAutoConfigurationTest::events)
                .withPropertyValues(flowToFolder("nightly", "events"))
                .withPropertyValues("datasetexport.flows.nightly.settings.partition-by=identity:name,bucket:4:id",
                        "datasetexport.flows.nightly.settings.max-open-files=8")
                .run(context -> {
                    ExportFlow flow = context.getBean(ExportScheduler.class).flow("nightly").orElseThrow();
                    assertThat(flow.definition().settings().partitions())
                            .containsExactly(Partition.identity("name"), Partition.bucket(4, "id"));
                    assertThat(flow.runNow().status()).isEqualTo(RunStatus.SUCCEEDED);
                    assertThat(dataFiles()).anyMatch(p -> p.toString().contains("/name=__HIVE_DEFAULT_PARTITION__/id_bucket="));
                });
        runner().withBean("events", Dataset.class, DatasetExportAutoConfigurationTest::events)
                .withPropertyValues(flowToFolder("nightly", "events"))
                .withPropertyValues("datasetexport.flows.nightly.settings.partition-by=weekly:name")
                .run(context -> assertThat(context.getStartupFailure())
                        .hasMessageContaining("datasetexport.flows.nightly.settings.partition-by: \"weekly:name\" is not a partition"));
    }

    @Test
    void disabled_createsNothing() {
        runner().withPropertyValues("datasetexport.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(ExportScheduler.class).doesNotHaveBean(StateStore.class));
    }

    @Test
    void applicationsOwnStateStore_isUsed() {
        StateStore mine = StateStore.inMemory();
        runner().withBean(StateStore.class, () -> mine)
                .run(context -> assertThat(context.getBean(ExportScheduler.class).stateStore()).isSameAs(mine));
    }

    @Test
    void flowOverAnUnknownDataset_failsStartupNamingTheProperty() {
        runner().withPropertyValues(flowToFolder("nightly", "nope")).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("\"nope\"");
            assertThat(context.getStartupFailure()).hasMessageContaining("datasetexport.flows.nightly: ");
        });
    }

    @Test
    void flowWithTwoSchedules_failsStartupNamingTheProperty() {
        runner().withBean("events", Dataset.class, DatasetExportAutoConfigurationTest::events)
                .withPropertyValues(flowToFolder("nightly", "events"))
                .withPropertyValues("datasetexport.flows.nightly.schedule.daily=02:00")
                .run(context -> assertThat(context.getStartupFailure())
                        .hasMessageContaining("datasetexport.flows.nightly.schedule needs exactly one of"));
    }

    @Test
    void withoutTheActuatorAndHealthModules_theRestStillWorks() {
        runner().withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate", "org.springframework.boot.health"))
                .run(context -> assertThat(context).hasSingleBean(ExportScheduler.class)
                        .doesNotHaveBean(ExportsEndpoint.class).doesNotHaveBean(ExportsHealthIndicator.class));
    }

    @Test
    void withAMeterRegistry_runsAreMetered() {
        runner().withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withBean("events", Dataset.class, DatasetExportAutoConfigurationTest::events)
                .withPropertyValues(flowToFolder("nightly", "events"))
                .run(context -> {
                    assertThat(context).hasSingleBean(ExportMetrics.class);
                    context.getBean(ExportScheduler.class).flow("nightly").orElseThrow().runNow();
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    assertThat(registry.get("datasetexport.records").tag("flow", "nightly").counter().count()).isEqualTo(3.0);
                    assertThat(registry.find("datasetexport.flow.running").tag("flow", "nightly").gauge()).isNotNull();
                });
    }

    @Test
    void withMicrometerMissing_noMetricsAndNoFailure() {
        runner().withClassLoader(new FilteredClassLoader("io.micrometer", "org.datasetexport.micrometer"))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ExportMetrics.class));
    }

    @Test
    void health_goesDownAfterTheConfiguredNumberOfFailedRuns() {
        Dataset broken = new FailingDataset(events());
        runner().withBean("events", Dataset.class, () -> broken)
                .withPropertyValues(flowToFolder("nightly", "events"))
                .withPropertyValues("datasetexport.health.failed-runs=2")
                .run(context -> {
                    ExportFlow flow = context.getBean(ExportScheduler.class).flow("nightly").orElseThrow();
                    ExportsHealthIndicator health = context.getBean(ExportsHealthIndicator.class);
                    assertThat(flow.runNow().status()).isEqualTo(RunStatus.FAILED);
                    assertThat(health.health().getStatus()).isEqualTo(Status.UP);
                    assertThat(flow.runNow().status()).isEqualTo(RunStatus.FAILED);
                    Health down = health.health();
                    assertThat(down.getStatus()).isEqualTo(Status.DOWN);
                    @SuppressWarnings("unchecked")
                    Map<String, Map<String, Object>> flows = (Map<String, Map<String, Object>>) down.getDetails().get("flows");
                    assertThat(flows.get("nightly")).containsEntry("consecutiveFailures", 2).containsEntry("lastRun", "FAILED");
                });
    }

    @Test
    void endpoint_listsFlowsAndRuns_andRefusesWritesUnlessEnabled() {
        runner().withBean("events", Dataset.class, DatasetExportAutoConfigurationTest::events)
                .withPropertyValues(flowToFolder("nightly", "events"))
                .run(context -> {
                    ExportsEndpoint endpoint = context.getBean(ExportsEndpoint.class);
                    assertThatThrownBy(() -> endpoint.act("nightly", "run-now")).isInstanceOf(InvalidEndpointRequestException.class)
                            .hasMessageContaining("datasetexport.endpoint.write-operations=true");
                    assertThat(endpoint.flow("nope")).as("404").isNull();
                    assertThat(context.getBean(ExportScheduler.class).flow("nightly").orElseThrow().runs()).isEmpty();
                    @SuppressWarnings("unchecked")
                    Map<String, Map<String, Object>> flows = (Map<String, Map<String, Object>>) endpoint.flows().get("flows");
                    assertThat(flows.get("nightly")).containsEntry("dataset", "events").containsEntry("status", "ACTIVE");
                });
        runner().withBean("events", Dataset.class, DatasetExportAutoConfigurationTest::events)
                .withPropertyValues(flowToFolder("nightly", "events"))
                .withPropertyValues("datasetexport.endpoint.write-operations=true")
                .run(context -> {
                    ExportsEndpoint endpoint = context.getBean(ExportsEndpoint.class);
                    @SuppressWarnings("unchecked")
                    Map<String, Object> run = (Map<String, Object>) endpoint.act("nightly", "run-now").get("run");
                    assertThat(run).containsEntry("status", "SUCCEEDED").containsEntry("records", 3L);
                    endpoint.act("nightly", "pause");
                    assertThat(endpoint.flow("nightly")).containsEntry("status", "PAUSED");
                    assertThatThrownBy(() -> endpoint.act("nightly", "explode")).isInstanceOf(InvalidEndpointRequestException.class)
                            .hasMessageContaining("run-now, pause or resume");
                    assertThatThrownBy(() -> endpoint.act("nope", "pause")).isInstanceOf(InvalidEndpointRequestException.class)
                            .hasMessageContaining("no flow \"nope\"");
                });
    }
}
