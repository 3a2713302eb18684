package org.datasetexport.engine;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.datasetexport.ExportListener;
import org.datasetexport.data.TimeWindow;
import org.datasetexport.internal.validation.RowValidator;

/** What the workers of one run share: identity, settings, counters and the stop flag. */
final class RunContext {
    final ExportPlan plan;
    final String runId;
    final Instant scheduledTime;
    final String exportTime;
    final TimeWindow window;
    final String folderPath;
    final String extension;
    /** The partition spec resolved against the (policy-applied) schema; checked before any row is read. */
    final PartitionLayout layout;
    final RowValidator validator;
    final CommittedFiles ledger;
    final ListenerDispatcher listeners;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    RunContext(ExportPlan plan, String runId, Instant scheduledTime, String exportTime, TimeWindow window,
               String folderPath) {
        this.plan = plan;
        this.runId = runId;
        this.scheduledTime = scheduledTime;
        this.exportTime = exportTime;
        this.window = window;
        this.folderPath = folderPath;
        this.extension = extension(plan);
        this.validator = new RowValidator(plan.dataset().id(), plan.dataset().schema());
        this.layout = layout(plan);
        this.ledger = new CommittedFiles(plan.destination());
        this.listeners = new ListenerDispatcher(plan.listeners());
    }

    /** @return the data files' extension: the format's for the compression, then the encryption's */
    static String extension(ExportPlan plan) {
        return plan.format().fileExtension(plan.settings().compression())
                + (plan.encryption() == null ? "" : "." + plan.encryption().fileSuffix());
    }

    /** @return the plan's partition spec resolved against its (policy-applied) schema */
    static PartitionLayout layout(ExportPlan plan) {
        return PartitionLayout.of(plan.settings().partitions(), plan.dataset().schema(), plan.dataset().id());
    }

    String destinationId() {
        return plan.destination().id();
    }

    /** Tells every worker to stop at its next row; their open files are then aborted. */
    void stop() {
        stopped.set(true);
    }

    /** @throws RunStopped when another worker failed or the run was interrupted */
    void checkNotStopped() {
        if (stopped.get() || Thread.currentThread().isInterrupted()) {
            throw new RunStopped();
        }
    }

    long records() {
        return records.get();
    }

    void addProgress(long recordDelta, long byteDelta) {
        long r = records.addAndGet(recordDelta);
        long b = bytes.addAndGet(byteDelta);
        int files = ledger.count();
        listeners.emit(l -> l.progress(new ExportListener.Progress(runId, r, b, files)));
    }

    /** Thrown inside a worker that stops because the run is failing anyway; never escapes the run. */
    static final class RunStopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RunStopped() {
            super("run stopped", null, false, false);
        }
    }
}
