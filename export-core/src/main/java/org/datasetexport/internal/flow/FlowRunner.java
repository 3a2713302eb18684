package org.datasetexport.internal.flow;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.datasetexport.ConfigurationException;
import org.datasetexport.ExportException;
import org.datasetexport.ExportFlow;
import org.datasetexport.ExportMode;
import org.datasetexport.ExportResult;
import org.datasetexport.ExportRun;
import org.datasetexport.FlowDefinition;
import org.datasetexport.FlowStatus;
import org.datasetexport.RunStatus;
import org.datasetexport.RunTrigger;
import org.datasetexport.Schedule;
import org.datasetexport.StateStore;
import org.datasetexport.state.StoredFlow;
import org.datasetexport.data.TimeWindow;
import org.datasetexport.internal.engine.ExportPlan;
import org.datasetexport.internal.engine.ExportRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attached flow: decides which slot is due, claims it in the state store (compare-and-set, so
 * no slot runs twice and no two runs of the flow overlap, even across app instances), fixes the
 * window before reading, runs the export and records the outcome. The watermark moves only after
 * the run and its history entry are recorded as SUCCEEDED.
 */
public final class FlowRunner implements ExportFlow {
    private static final Logger LOG = LoggerFactory.getLogger(FlowRunner.class);
    /** Enough slots for years of hourly catch-up; beyond it the count is reported as this cap. */
    private static final int MAX_COUNTED_SLOTS = 100_000;
    private static final int CAS_ATTEMPTS = 50;

    private final FlowDefinition definition;
    private final ExportPlan plan;
    private final StateStore store;
    private final Clock clock;
    private final Duration staleRunTimeout;
    private final Object runLock = new Object();
    private volatile Thread runningThread;
    private volatile boolean cancelRequested;

    /**
     * @param definition the flow
     * @param plan its settings resolved to dataset, destination, format, encryption, listeners,
     *        policy and the scheduler's clock
     * @param store where state and history live
     * @param staleRunTimeout a run claimed longer ago than this by an instance that stopped is taken over
     */
    public FlowRunner(FlowDefinition definition, ExportPlan plan, StateStore store, Duration staleRunTimeout) {
        this.definition = definition;
        this.plan = plan;
        this.store = store;
        this.clock = plan.clock();
        this.staleRunTimeout = staleRunTimeout;
    }

    /** @return the resolved plan its runs execute */
    public ExportPlan plan() {
        return plan;
    }

    @Override
    public String id() {
        return definition.flowId();
    }

    @Override
    public FlowDefinition definition() {
        return definition;
    }

    private StoredFlow stored() {
        return store.flow(id()).orElseThrow(() -> new ExportException("flow \"" + id() + "\" is no longer in the state store"));
    }

    @Override
    public FlowStatus status() {
        return stored().status();
    }

    @Override
    public Optional<Instant> watermark() {
        return Optional.ofNullable(stored().watermark());
    }

    @Override
    public Optional<Instant> nextRunAt() {
        StoredFlow f = stored();
        return f.status() == FlowStatus.CANCELLED ? Optional.empty() : definition.schedule().nextSlotAfter(slotBase(f));
    }

    @Override
    public List<ExportRun> runs(int offset, int limit) {
        ConfigurationException.check(offset >= 0 && limit >= 0, "offset and limit must not be negative");
        return store.runs(id(), offset, limit);
    }

    /** Slots begin after the last claimed one; a new flow without a schedule start begins when it was created. */
    private Instant slotBase(StoredFlow f) {
        if (f.lastSlot() != null) {
            return f.lastSlot();
        }
        return definition.schedule().start().isPresent() ? null : f.createdAt().minusNanos(1);
    }

    /** The slots due at {@code now}: the latest one and how many there are. */
    private record Due(Instant slot, int count) {
    }

    private Optional<Due> due(StoredFlow f, Instant now) {
        Schedule schedule = definition.schedule();
        Optional<Instant> first = schedule.nextSlotAfter(slotBase(f));
        if (first.isEmpty() || first.get().isAfter(now)) {
            return Optional.empty();
        }
        Instant latest = first.get();
        int count = 1;
        while (count < MAX_COUNTED_SLOTS) {
            Optional<Instant> next = schedule.nextSlotAfter(latest);
            if (next.isEmpty() || next.get().isAfter(now)) {
                break;
            }
            latest = next.get();
            count++;
        }
        return Optional.of(new Due(latest, count));
    }

    private boolean runningElsewhere(StoredFlow f, Instant now) {
        return f.runningRunId() != null && f.runningSince() != null
                && f.runningSince().plus(staleRunTimeout).isAfter(now);
    }

    /** A claimed slot, ready to execute. */
    public record Claim(String runId, Instant slot, int slots, RunTrigger trigger, Instant claimedAt, Instant watermark) {
    }

    /**
     * Claims the due slot, if any.
     *
     * @return the claim, or empty when nothing is due, the flow is not active, a run is in progress,
     *         or another scheduler claimed the slot first
     */
    public Optional<Claim> claimDue() {
        Instant now = clock.instant();
        StoredFlow f = stored();
        if (f.status() != FlowStatus.ACTIVE || runningElsewhere(f, now)) {
            return Optional.empty();
        }
        Optional<Due> due = due(f, now);
        if (due.isEmpty()) {
            return Optional.empty();
        }
        abandonStaleRun(f, now);
        String runId = UUID.randomUUID().toString();
        StoredFlow claimed = f.claimed(runId, due.get().slot(), now);
        if (!store.replace(f, claimed)) {
            return Optional.empty();
        }
        RunTrigger trigger = due.get().count() > 1 ? RunTrigger.CATCH_UP : RunTrigger.SCHEDULED;
        Claim claim = new Claim(runId, due.get().slot(), due.get().count(), trigger, now, f.watermark());
        store.saveRun(ExportRun.scheduled(runId, id(), trigger, claim.slots(), claim.slot(), now, window(claim, now)));
        return Optional.of(claim);
    }

    private void abandonStaleRun(StoredFlow f, Instant now) {
        if (f.runningRunId() == null) {
            return;
        }
        // the instance that claimed it stopped without finishing: record that, the next run covers its window
        store.runs(id(), 0, 50).stream().filter(r -> r.runId().equals(f.runningRunId())).findFirst()
                .filter(r -> r.finishedAt().isEmpty())
                .ifPresent(r -> store.saveRun(r.ended(RunStatus.FAILED, now,
                        "abandoned: the scheduler running it stopped before it finished")));
    }

    /**
     * The run's window: from the watermark to {@code now} minus the incremental lag, where
     * {@code now} is the claim time, or the source's own clock (a database) read as the run starts.
     */
    private TimeWindow window(Claim claim, Instant now) {
        Instant cutOff = now.minus(definition.settings().incrementalLag());
        Instant watermark = claim.watermark();
        if (definition.settings().mode() == ExportMode.FULL || watermark == null) {
            return TimeWindow.upTo(cutOff);
        }
        return TimeWindow.between(watermark, cutOff.isAfter(watermark) ? cutOff : watermark);
    }

    /**
     * Executes a claimed run in the calling thread and records its outcome. Never throws.
     *
     * @param claim from {@link #claimDue()} or a manual claim
     * @return the finished run
     */
    public ExportRun execute(Claim claim) {
        TimeWindow window = window(claim, claim.claimedAt());
        Instant started = clock.instant();
        synchronized (runLock) {
            runningThread = Thread.currentThread();
        }
        ExportRun run = ExportRun.scheduled(claim.runId(), id(), claim.trigger(), claim.slots(), claim.slot(),
                claim.claimedAt(), window);
        ExportRun finished;
        try {
            // a source with its own clock (a database) gives the cut-off, read right before its rows;
            // when it cannot (the database is down) the run fails and is recorded like any other failure
            Optional<Instant> sourceNow = plan.dataset().currentTime();
            if (sourceNow.isPresent()) {
                window = window(claim, sourceNow.get());
            }
            run = run.running(started, window);
            store.saveRun(run);
            ExportResult result = ExportRunner.run(plan, window, claim.slot(), claim.runId());
            finished = run.succeeded(result, clock.instant());
            store.saveRun(finished);
            release(claim.runId(), window.to());
            LOG.info("Flow {} run {} succeeded: {} record(s), window {}", id(), claim.runId(), result.records(), window);
        } catch (RuntimeException | Error e) {
            boolean cancelled = cancelRequested || Thread.currentThread().isInterrupted();
            finished = run.running(started, window).ended(cancelled ? RunStatus.CANCELLED : RunStatus.FAILED,
                    clock.instant(), String.valueOf(e.getMessage()));
            try {
                store.saveRun(finished);
                release(claim.runId(), null);
            } catch (RuntimeException recordFailure) {
                e.addSuppressed(recordFailure);
                LOG.error("Flow {} run {} could not be recorded", id(), claim.runId(), recordFailure);
            }
            LOG.warn("Flow {} run {} {}: {}", id(), claim.runId(), finished.status(), e.getMessage());
            if (e instanceof Error err && !(e instanceof AssertionError)) {
                throw err;
            }
        } finally {
            synchronized (runLock) {
                runningThread = null;
                cancelRequested = false;
                Thread.interrupted(); // a cancel aimed at this run must not leak into the pooled thread's next task
            }
        }
        return finished;
    }

    /** Clears the running marker; on success also moves the watermark to the run's cut-off. */
    private void release(String runId, Instant newWatermark) {
        update(f -> runId.equals(f.runningRunId()) ? f.released(newWatermark) : null);
    }

    /** Read-modify-compare-and-set until it sticks; {@code change} returning null means "nothing to do". */
    private void update(UnaryOperator<StoredFlow> change) {
        for (int attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
            StoredFlow current = stored();
            StoredFlow updated = change.apply(current);
            if (updated == null || store.replace(current, updated)) {
                return;
            }
        }
        throw new ExportException("flow \"" + id() + "\": the state store kept changing; gave up after " + CAS_ATTEMPTS + " attempts");
    }

    @Override
    public ExportRun runNow() {
        // a manual run's time is its scheduled time (exportTime, manifest): whole seconds, like a slot's
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        StoredFlow f = stored();
        if (f.status() == FlowStatus.CANCELLED) {
            throw new ExportException("flow \"" + id() + "\" is cancelled");
        }
        if (runningElsewhere(f, now)) {
            throw new ExportException("flow \"" + id() + "\" is already running run " + f.runningRunId());
        }
        String runId = UUID.randomUUID().toString();
        if (!store.replace(f, f.claimed(runId, null, now))) {
            throw new ExportException("flow \"" + id() + "\" changed while starting a manual run; try again");
        }
        return execute(new Claim(runId, now, 0, RunTrigger.MANUAL, now, f.watermark()));
    }

    @Override
    public void pause() {
        update(f -> f.status() == FlowStatus.ACTIVE ? f.withStatus(FlowStatus.PAUSED) : null);
    }

    @Override
    public void resume() {
        Instant now = clock.instant();
        update(f -> {
            if (f.status() != FlowStatus.PAUSED) {
                return null;
            }
            // slots missed while paused are skipped; the next window still starts at the watermark
            return f.resumedAt(due(f, now).map(Due::slot).orElse(null));
        });
    }

    @Override
    public void cancel() {
        update(f -> f.status() != FlowStatus.CANCELLED ? f.withStatus(FlowStatus.CANCELLED) : null);
        interruptRun();
    }

    /** Asks a run in progress in this process to stop; it is recorded CANCELLED and leaves nothing behind. */
    public void interruptRun() {
        synchronized (runLock) {
            if (runningThread != null) {
                cancelRequested = true;
                runningThread.interrupt();
            }
        }
    }

    /** @return whether a run of this flow is executing in this process */
    public boolean isRunningHere() {
        return runningThread != null;
    }

    @Override
    public String toString() {
        return "ExportFlow[" + id() + ", " + definition.schedule() + ", " + definition.settings().mode() + "]";
    }
}
