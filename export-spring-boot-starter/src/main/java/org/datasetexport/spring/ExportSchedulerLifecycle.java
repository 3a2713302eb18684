package org.datasetexport.spring;

import org.datasetexport.flows.ExportScheduler;
import org.springframework.context.SmartLifecycle;

/**
 * Ties the auto-configured {@link ExportScheduler} to the application context's lifecycle: its
 * background polling starts when the context has been refreshed (every bean created, every
 * start-up check passed), never in the middle of the refresh, so an application whose start-up
 * fails has run no export; on shutdown it is closed in the lifecycle's stop phase — running
 * exports finish within {@code datasetexport.close-timeout} or are cancelled — before singletons
 * are destroyed, so a JDBC state store's {@code DataSource} is still open while it stops.
 *
 * <p>In the last phase: it starts after, and stops before, every other lifecycle bean. A closed
 * scheduler does not start again: a context that is stopped and started anew needs a new one.
 */
public class ExportSchedulerLifecycle implements SmartLifecycle {
    private final ExportScheduler scheduler;
    private volatile boolean running;

    /**
     * @param scheduler the scheduler, built with {@code deferPolling()}
     */
    public ExportSchedulerLifecycle(ExportScheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public void start() {
        scheduler.startPolling();
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        scheduler.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
