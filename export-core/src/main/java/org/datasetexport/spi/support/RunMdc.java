package org.datasetexport.spi.support;

import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.MDC;

/**
 * The run's identity in SLF4J's MDC — {@value #RUN_ID}, {@value #DATASET_ID} and {@value #FLOW_ID}
 * (a flow's id; for a one-off run, the flow id its manifest records) — so every log line the SDK (or a destination, format or listener) writes
 * during a run can say which run it belongs to, on the caller's thread and on the run's worker
 * threads alike. Entered when a run starts; closing it restores exactly the context the thread had.
 */
public final class RunMdc implements AutoCloseable {
    /** MDC key of the run id. */
    public static final String RUN_ID = "runId";
    /** MDC key of the dataset id. */
    public static final String DATASET_ID = "datasetId";
    /** MDC key of the flow id. */
    public static final String FLOW_ID = "flowId";

    private final Map<String, String> previous;

    private RunMdc(Map<String, String> previous) {
        this.previous = previous;
    }

    /**
     * @param runId the run id, or null when not known yet
     * @param datasetId the dataset id
     * @param flowId the flow id, or null when there is none
     * @return what restores the thread's previous context when closed
     */
    public static RunMdc enter(String runId, String datasetId, String flowId) {
        RunMdc scope = new RunMdc(MDC.getCopyOfContextMap());
        put(RUN_ID, runId);
        put(DATASET_ID, datasetId);
        put(FLOW_ID, flowId);
        return scope;
    }

    private static void put(String key, String value) {
        if (value != null) {
            MDC.put(key, value);
        }
    }

    /** @return the task, run with the submitting thread's context (taken now) and the worker's own restored after */
    public static Runnable wrap(Runnable task) {
        Map<String, String> context = MDC.getCopyOfContextMap();
        return () -> {
            Map<String, String> previous = swap(context);
            try {
                task.run();
            } finally {
                swap(previous);
            }
        };
    }

    /** @return the task, run with the submitting thread's context (taken now) and the worker's own restored after */
    public static <T> Callable<T> wrap(Callable<T> task) {
        Map<String, String> context = MDC.getCopyOfContextMap();
        return () -> {
            Map<String, String> previous = swap(context);
            try {
                return task.call();
            } finally {
                swap(previous);
            }
        };
    }

    /** Makes {@code context} the thread's MDC and returns the one it replaced. */
    private static Map<String, String> swap(Map<String, String> context) {
        Map<String, String> previous = MDC.getCopyOfContextMap();
        if (context == null || context.isEmpty()) {
            MDC.clear();
        } else {
            MDC.setContextMap(context);
        }
        return previous;
    }

    @Override
    public void close() {
        swap(previous);
    }
}
