package org.example.orders;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.datasetexport.flows.ExportFlow;
import org.datasetexport.flows.ExportRun;
import org.datasetexport.flows.ExportScheduler;
import org.datasetexport.flows.RunStatus;
import org.datasetexport.micrometer.ExportMetrics;
import org.datasetexport.spring.ExportsEndpoint;
import org.datasetexport.spring.ExportsHealthIndicator;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * An application whose export is declared in application.yml: an hourly Parquet export of the
 * orders table to a folder, run by the auto-configured scheduler. With
 * {@code --orders.exit-after-first-run=true} (the consumer build) it waits for the first run,
 * checks it with DuckDB, the health indicator, the actuator endpoint and the meters, and exits.
 */
@SpringBootApplication
public class OrdersExportApplication {

    public static void main(String[] args) {
        SpringApplication.run(OrdersExportApplication.class, args);
    }

    @Bean
    ApplicationRunner checkFirstRun(ApplicationContext context, ExportScheduler scheduler,
                                    @Value("${orders.export.folder}") String folder,
                                    @Value("${orders.exit-after-first-run:false}") boolean exit) {
        return args -> {
            if (!exit) {
                return;
            }
            ExportFlow flow = scheduler.flow("orders-hourly").orElseThrow();
            ExportRun run = null;
            for (int i = 0; i < 300 && run == null; i++) {
                run = flow.runs().stream().filter(r -> r.status() == RunStatus.SUCCEEDED || r.status() == RunStatus.FAILED)
                        .findFirst().orElse(null);
                if (run == null) {
                    Thread.sleep(200);
                }
            }
            check(run != null, "no run finished within a minute");
            check(run.status() == RunStatus.SUCCEEDED, "run failed: " + run.error());
            check(run.records() == 2500, "records " + run.records());
            // this run's folder only: a restarted demo app exports again, into the folder of its own minute
            Path runFolder = Path.of(folder).resolve(run.manifestPath().orElseThrow()).toAbsolutePath().getParent();
            String glob = runFolder + "/*.zstd.parquet";
            try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                 Statement s = duck.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*), SUM(total) FROM read_parquet('" + glob.replace("'", "''") + "')")) {
                rs.next();
                check(rs.getLong(1) == 2500, "DuckDB counted " + rs.getLong(1));
                check(rs.getBigDecimal(2).compareTo(new java.math.BigDecimal("3907812.50")) == 0, "DuckDB sum " + rs.getBigDecimal(2));
            }
            String health = context.getBean(ExportsHealthIndicator.class).health().getStatus().getCode();
            check(health.equals("UP"), "health " + health);
            Map<String, Object> flows = context.getBean(ExportsEndpoint.class).flows();
            check(flows.toString().contains("orders-hourly"), "endpoint " + flows);
            check(context.getBeansOfType(ExportMetrics.class).size() == 1, "no ExportMetrics bean");
            double records = context.getBean(MeterRegistry.class).get("datasetexport.records").tag("flow", "orders-hourly")
                    .counter().count();
            check(records == 2500, "meter datasetexport.records " + records);
            // importing only datasetexport-bom keeps the versions Spring Boot manages
            String jackson = com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString();
            check(jackson.equals(System.getProperty("boot.jackson")), "Jackson " + jackson + ", Boot manages "
                    + System.getProperty("boot.jackson"));
            String micrometer = MeterRegistry.class.getPackage().getImplementationVersion();
            check(micrometer.equals(System.getProperty("boot.micrometer")), "Micrometer " + micrometer + ", Boot manages "
                    + System.getProperty("boot.micrometer"));
            System.out.println("spring-boot-app: run " + run.runId() + " exported " + run.records() + " rows in "
                    + run.fileCount() + " files; DuckDB, health, endpoint and meters agree; Boot's Jackson " + jackson
                    + " and Micrometer " + micrometer + " kept");
            System.exit(SpringApplication.exit(context, () -> 0));
        };
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("spring-boot-app check failed: " + what);
        }
    }
}
