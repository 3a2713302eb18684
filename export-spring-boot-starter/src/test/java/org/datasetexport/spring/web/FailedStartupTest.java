package org.datasetexport.spring.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.datasetexport.flows.ExportScheduler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The scheduler starts polling only once the context is refreshed: an application whose start-up
 * fails after the scheduler bean was created (a due flow declared, polling every 50 ms) has
 * exported nothing; one that starts runs the flow; and closing the context stops it.
 */
class FailedStartupTest {
    @TempDir
    Path out;

    /** A bean that fails start-up after every singleton (the scheduler among them) was created. */
    @Configuration(proxyBeanMethods = false)
    static class FailsLate {
        @Bean
        SmartInitializingSingleton failAfterSingletons(ExportScheduler scheduler) {
            return () -> {
                try {
                    Thread.sleep(500); // ten poll intervals: time enough for a poll that had started to export
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new IllegalStateException("start-up check failed");
            };
        }
    }

    private SpringApplication app(Class<?>... sources) {
        SpringApplication app = new SpringApplication(sources);
        app.setWebApplicationType(WebApplicationType.NONE);
        return app;
    }

    private String[] args() {
        return new String[] {"--spring.config.name=endpoint-app", "--endpoint.export.uri=" + out.toUri(),
                "--datasetexport.poll-interval=50ms"};
    }

    private long files() throws Exception {
        try (Stream<Path> walk = Files.walk(out)) {
            return walk.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void aStartupThatFailsAfterTheSchedulerWasCreated_exportsNothing() throws Exception {
        assertThatThrownBy(() -> app(EndpointApp.class, FailsLate.class).run(args()))
                .hasStackTraceContaining("start-up check failed");
        Thread.sleep(300);
        assertThat(files()).as("no export ran during the failed refresh").isZero();
    }

    @Test
    void aStartupThatSucceeds_runsTheDueFlow_andClosingTheContextStopsTheScheduler() throws Exception {
        ExportScheduler scheduler;
        try (ConfigurableApplicationContext context = app(EndpointApp.class).run(args())) {
            scheduler = context.getBean(ExportScheduler.class);
            assertThat(scheduler.isPolling()).isTrue();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (files() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(files()).isPositive();
        }
        assertThat(scheduler.isPolling()).isFalse();
    }
}
