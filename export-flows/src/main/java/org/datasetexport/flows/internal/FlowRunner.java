package org.datasetexport.flows.internal;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.datasetexport.ConfigurationException;
import org.datasetexport.ExportException;
import org.datasetexport.flows.ExportFlow;
import org.datasetexport.ExportListener;
import org.datasetexport.ExportMode;
import org.datasetexport.ExportPreview;
import org.datasetexport.ExportResult;
import org.datasetexport.flows.ExportRun;
import org.datasetexport.flows.FlowDefinition;
import org.datasetexport.flows.FlowStatus;
import org.datasetexport.flows.RunStatus;
import org.datasetexport.flows.RunTrigger;
import org.datasetexport.Schedule;
import org.datasetexport.SchemaChange;
import org.datasetexport.SchemaChangePolicy;
import org.datasetexport.flows.StateStore;
import org.datasetexport.data.Schema;
import org.datasetexport.data.TimeWindow;
import org.datasetexport.engine.AbandonedRuns;
import org.datasetexport.engine.ExportPlan;
import org.datasetexport.engine.ExportRunner;
import org.datasetexport.spi.support.RunMdc;
import org.datasetexport.engine.Manifest;
import org.datasetexport.engine.ManifestCodec;
import org.datasetexport.engine.FileNames;
import org.datasetexport.flows.state.StoredFlow;
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
    /**
     * Schemas up to this many characters of JSON are kept with each run for the next run's
     * comparison (a JDBC store keeps a run in 100,000 characters); larger ones are not tracked.
     */

    private final FlowDefinition definition;
    private final ExportPlan plan;
    private final StateStore store;
    private final Clock clock;
    private final Duration lease;
    private final boolean leasesOnStoreClock;
    private final ScheduledExecutorService heartbeats;
    private final int historyLimit;
    /** Leftovers older than this are removed after a successful run, at most once per this period. */
    private final Duration cleanupAge = Duration.ofDays(1);
    private volatile Instant lastCleanup;
    /** Since when the running run's lease renewals fail (the store is out of reach), by this runner's clock; null while they succeed. */
    private volatile Instant renewalFailingSince;
    /** Why the heartbeat stopped the running run (its lease is lost), or null: such a run FAILED, it was not cancelled. */
    private volatile String leaseLost;
    private final Object runLock = new Object();
    private volatile Thread runningThread;
    /** What waits for the run in progress here to end (guarded by {@link #runLock}). */
    private final List<Runnable> afterRun = new ArrayList<>();
    private volatile boolean cancelRequested;

    /**
     * @param definition the flow
     * @param plan its settings resolved to dataset, destination, format, encryption, listeners,
     *        policy and the scheduler's clock
     * @param store where state and history live
     * @param lease how long a claim holds without renewal; a run renews it every third of that while it runs
     * @param heartbeats where lease renewals run
     * @param historyLimit how many runs of the flow the history keeps; older ones are pruned as runs are recorded
     */
    public FlowRunner(FlowDefinition definition, ExportPlan plan, StateStore store, Duration lease,
                      ScheduledExecutorService heartbeats, int historyLimit) {
        this(definition, plan, store, lease, heartbeats, historyLimit, false);
    }

    /**
     * @param leasesOnStoreClock whether leases are measured on the state store's clock (a database's
     *                           {@code CURRENT_TIMESTAMP}) where it has one, instead of the plan's clock
     */
    public FlowRunner(FlowDefinition definition, ExportPlan plan, StateStore store, Duration lease,
                      ScheduledExecutorService heartbeats, int historyLimit, boolean leasesOnStoreClock) {
        this.leasesOnStoreClock = leasesOnStoreClock;
        this.historyLimit = historyLimit;
        this.definition = definition;
        this.plan = plan;
        this.store = store;
        this.clock = plan.clock();
        this.lease = lease;
        this.heartbeats = heartbeats;
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
    public ExportPreview dryRun() {
        StoredFlow f = stored();
        Instant now = clock.instant();
        Instant slot = nextRunAt().orElse(now);
        Instant at = slot.isAfter(now) ? slot : now;
        return ExportRunner.preview(plan, window(f.watermark(), at), slot);
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

    /**
     * The time leases are measured on: the state store's clock where it has one and this scheduler
     * was not given a clock of its own (one clock for every scheduler sharing the store, so skew
     * between their machines cannot expire a live lease), else this scheduler's clock.
     */
    private Instant leaseNow() {
        if (leasesOnStoreClock) {
            Optional<Instant> storeTime = store.currentTime();
            if (storeTime.isPresent()) {
                return storeTime.get();
            }
        }
        return clock.instant();
    }

    /** A claim is live until its lease ends (claims from before leases: their start plus one lease). */
    private Instant leaseEnd(StoredFlow f) {
        return f.leaseUntil() != null ? f.leaseUntil() : f.runningSince().plus(lease);
    }

    private boolean runningElsewhere(StoredFlow f, Instant now) {
        return f.runningRunId() != null && f.runningSince() != null && leaseEnd(f).isAfter(now);
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
        Instant leaseNow = leaseNow();
        StoredFlow f = stored();
        if (f.status() != FlowStatus.ACTIVE || runningElsewhere(f, leaseNow)) {
            return Optional.empty();
        }
        Optional<Instant> abandoned = Optional.empty();
        if (f.runningRunId() != null) {
            abandoned = takeOver(f, now);
            f = stored();
        }
        Optional<Due> due = due(f, now);
        boolean retry = due.isEmpty() && abandoned.isPresent();
        if (retry) {
            // the abandoned run's slot was claimed, so its window would wait for the next slot: run it again now
            due = Optional.of(new Due(abandoned.get(), 1));
        }
        if (due.isEmpty()) {
            return Optional.empty();
        }
        String runId = UUID.randomUUID().toString();
        StoredFlow claimed = f.claimed(runId, due.get().slot(), now, leaseNow.plus(lease));
        if (!store.replace(f, claimed)) {
            return Optional.empty();
        }
        RunTrigger trigger = retry || due.get().count() > 1 ? RunTrigger.CATCH_UP : RunTrigger.SCHEDULED;
        Claim claim = new Claim(runId, due.get().slot(), due.get().count(), trigger, now, f.watermark());
        store.saveRun(ExportRun.scheduled(runId, id(), trigger, claim.slots(), claim.slot(), now, window(claim, now)));
        return Optional.of(claim);
    }

    /**
     * Takes over a run whose owner stopped renewing its lease (it crashed, or hangs). If the run
     * got as far as its manifest, it did export its window: it is recorded SUCCEEDED from the
     * manifest and the watermark moves, so manifest readers see that window once. Otherwise it is
     * recorded FAILED ("abandoned") and its window runs again at once. Either way the history
     * gets an entry, also when the owner died between its claim and its first history write.
     *
     * @return the slot of a run recorded FAILED here, whose window should run again at once
     */
    private Optional<Instant> takeOver(StoredFlow f, Instant now) {
        String staleId = f.runningRunId();
        ExportRun recorded = store.runs(id(), 0, 50).stream().filter(r -> r.runId().equals(staleId)).findFirst().orElse(null);
        if (recorded != null && recorded.finishedAt().isPresent()) {
            // its outcome is in the history; only the release was lost
            store.replace(f, f.released(recorded.status() == RunStatus.SUCCEEDED ? recorded.window().to() : null));
            return Optional.empty();
        }
        ExportRun run = recorded != null ? recorded : reconstructed(f);
        Optional<Manifest> manifest = findManifest(run);
        // the takeover's commit point: the claim moves only from the version read above. An owner that
        // is alive and renewed (or passed its own commit point) since then wins, and this takeover backs off
        if (!store.replace(f, f.released(manifest.map(Manifest::windowTo).orElse(null)))) {
            LOG.info("Flow {} run {}: its owner renewed its claim while it was being taken over; left to it", id(), staleId);
            return Optional.empty();
        }
        ExportRun outcome;
        if (manifest.isPresent()) {
            Manifest m = manifest.get();
            TimeWindow window = m.windowFrom() == null ? TimeWindow.upTo(m.windowTo()) : TimeWindow.between(m.windowFrom(), m.windowTo());
            // a builder over the run as recorded: its schema (what the next run's schema check compares
            // with) and everything else it had are kept
            ExportRun.Builder done = run.toBuilder().status(RunStatus.SUCCEEDED).finishedAt(now).window(window)
                    .output(m.records(), m.exportResults().size(), m.bytes()).manifestPath(manifestPath(run)).error(null)
                    .note("completed by a scheduler that stopped before recording it; found its manifest");
            if (run.schemaFingerprintOrComputed().isEmpty() && m.schemaJson() != null) {
                // it died before its first history write; the manifest says what it wrote
                ExportRun withSchema = run.withSchema(m.schemaJson(), null);
                done.schema(withSchema.schema().orElse(null)).schemaFingerprint(withSchema.schemaFingerprint().orElse(null));
            }
            outcome = done.build();
            LOG.warn("Flow {} run {}: its scheduler stopped after writing the manifest; recorded SUCCEEDED from it", id(), staleId);
        } else {
            // the owner can no longer publish (its commit point fails): what it committed goes, and so do
            // its invisible leftovers (temp files, pending uploads) once its live marker has lapsed
            int removed = removeFilesOf(run);
            removeLeftoversOfDeadRuns();
            outcome = run.ended(RunStatus.FAILED, now, "abandoned: the scheduler running it stopped renewing its lease before "
                    + "it finished; its window runs again now" + (removed > 0 ? "; removed " + removed
                    + " data file(s) it had committed" : ""));
            LOG.warn("Flow {} run {}: its scheduler stopped renewing its lease; recorded FAILED, its window runs again", id(), staleId);
        }
        store.saveRun(outcome);
        return outcome.status() == RunStatus.FAILED && run.trigger() != RunTrigger.MANUAL
                ? Optional.of(run.scheduledTime()) : Optional.empty();
    }

    /**
     * Deletes the data files a crashed run committed before it died (no manifest lists them, and
     * the next run exports their rows again). They are found by the run id in their names.
     *
     * @return how many were removed
     */
    private int removeFilesOf(ExportRun run) {
        String folder = FileNames.runFolder(plan.settings().folder(), plan.dataset().id(), FileNames.exportTime(run.scheduledTime()));
        String marker = "-" + run.runId() + "-c";
        int removed = 0;
        try {
            for (String path : plan.destination().list(folder + "/")) {
                String name = path.substring(path.lastIndexOf('/') + 1);
                if (name.startsWith("part-") && name.contains(marker)) {
                    plan.destination().delete(path);
                    removed++;
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Flow {} run {}: could not remove the files of the crashed run under {} (cleanup(olderThan) or a later "
                    + "takeover can): {}", id(), run.runId(), folder, e.toString());
        }
        return removed;
    }

    /** The history entry a claimed run would have had, for an owner that died before writing it. */
    private ExportRun reconstructed(StoredFlow f) {
        Instant slot = f.lastSlot() != null ? f.lastSlot() : f.runningSince().truncatedTo(ChronoUnit.SECONDS);
        Claim claim = new Claim(f.runningRunId(), slot, 1, RunTrigger.SCHEDULED, f.runningSince(), f.watermark());
        return ExportRun.scheduled(claim.runId(), id(), claim.trigger(), claim.slots(), claim.slot(), claim.claimedAt(),
                window(claim, claim.claimedAt()));
    }

    private String manifestPath(ExportRun run) {
        return FileNames.runFolder(plan.settings().folder(), plan.dataset().id(), FileNames.exportTime(run.scheduledTime()))
                + "/" + FileNames.manifest(plan.destination().id(), run.runId());
    }

    /** The run's manifest, if it wrote one (manifest(true) flows only); a destination that cannot tell counts as "none". */
    private Optional<Manifest> findManifest(ExportRun run) {
        if (!plan.settings().manifest()) {
            return Optional.empty();
        }
        String path = manifestPath(run);
        try (InputStream in = plan.destination().open(path)) {
            Manifest m = ManifestCodec.read(in);
            return m.complete() && run.runId().equals(m.flowRunId()) ? Optional.of(m) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            LOG.debug("Flow {} run {}: no manifest at {}: {}", id(), run.runId(), path, e.toString());
            return Optional.empty();
        }
    }

    /**
     * The run's window: from the watermark to {@code now} minus the incremental lag, where
     * {@code now} is the claim time, or the source's own clock (a database) read as the run starts.
     */
    private TimeWindow window(Claim claim, Instant now) {
        return window(claim.watermark(), now);
    }

    private TimeWindow window(Instant watermark, Instant now) {
        Instant cutOff = now.minus(definition.settings().incrementalLag());
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
        try (RunMdc mdc = RunMdc.enter(claim.runId(), plan.dataset().id(), id())) {
            return executeInContext(claim);
        }
    }

    private ExportRun executeInContext(Claim claim) {
        TimeWindow window = window(claim, claim.claimedAt());
        Instant started = clock.instant();
        synchronized (runLock) {
            runningThread = Thread.currentThread();
        }
        renewalFailingSince = null;
        leaseLost = null;
        long period = Math.max(10, lease.toMillis() / 3);
        ScheduledFuture<?> heartbeat = heartbeats.scheduleAtFixedRate(RunMdc.wrap(() -> renew(claim.runId())), period, period,
                TimeUnit.MILLISECONDS);
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
            Schema schema = ExportRunner.outputSchema(plan);
            String schemaJson = schema.toJson();
            SchemaChange change = lastExportedRun().map(before -> schemaChange(before, schema, schemaJson))
                    .filter(c -> !c.isEmpty()).orElse(null);
            run = run.running(started, window).withSchema(schemaJson, change);
            store.saveRun(run);
            if (change != null) {
                refuseOrReport(claim.runId(), change);
            }
            ExportRunner.Outcome outcome = ExportRunner.runReporting(plan, window, claim.slot(), claim.runId(),
                    () -> fence(claim.runId()));
            ExportResult result = outcome.result();
            finished = run.succeeded(result, clock.instant());
            if (outcome.retentionNote().isPresent()) {
                finished = finished.withNote(outcome.retentionNote().get());
            }
            if (!saveFinal(finished)) {
                // taken over while it published (clocks apart by more than the lease): the new owner found no
                // manifest, recorded this run FAILED and runs its window again, so what this run published goes
                unpublish(claim.runId(), result);
                return finished.toBuilder().status(RunStatus.FAILED).error("lost its claim to another scheduler while "
                        + "publishing; withdrew its manifest and files").build();
            }
            release(claim.runId(), window.to());
            pruneHistory();
            cleanUpLeftovers();
            LOG.info("Flow {} run {} succeeded: {} record(s), window {}", id(), claim.runId(), result.records(), window);
        } catch (ClaimLost lost) {
            // another scheduler owns the flow now and has recorded this run: its record and its watermark stand
            finished = run.running(started, window).ended(RunStatus.FAILED, clock.instant(), lost.getMessage());
            LOG.warn("Flow {} run {}: {}; rolled back, nothing published, its history entry left to the new owner", id(),
                    claim.runId(), lost.getMessage());
        } catch (RuntimeException | Error e) {
            String lost = leaseLost;
            boolean cancelled = lost == null && (cancelRequested || Thread.currentThread().isInterrupted());
            finished = run.running(started, window).ended(cancelled ? RunStatus.CANCELLED : RunStatus.FAILED,
                    clock.instant(), lost != null ? "stopped before publishing: " + lost : String.valueOf(e.getMessage()));
            try {
                saveFinal(finished);
                release(claim.runId(), null);
                pruneHistory();
            } catch (RuntimeException recordFailure) {
                e.addSuppressed(recordFailure);
                LOG.error("Flow {} run {} could not be recorded", id(), claim.runId(), recordFailure);
            }
            LOG.warn("Flow {} run {} {}: {}", id(), claim.runId(), finished.status(), e.getMessage());
            if (e instanceof Error err && !(e instanceof AssertionError)) {
                throw err;
            }
        } finally {
            heartbeat.cancel(false);
            List<Runnable> waiting;
            synchronized (runLock) {
                runningThread = null;
                cancelRequested = false;
                Thread.interrupted(); // a cancel aimed at this run must not leak into the pooled thread's next task
                waiting = List.copyOf(afterRun);
                afterRun.clear();
            }
            waiting.forEach(Runnable::run);
        }
        return finished;
    }

    /** Keeps the history to its limit; a failure to prune is logged, never fails the run. */
    private void pruneHistory() {
        try {
            int removed = store.pruneRuns(id(), historyLimit);
            if (removed > 0) {
                LOG.debug("Flow {}: removed {} run(s) beyond the history limit of {}", id(), removed, historyLimit);
            }
        } catch (RuntimeException e) {
            LOG.warn("Flow {}: could not prune its run history to {} run(s): {}", id(), historyLimit, e.toString());
        }
    }

    /**
     * The last successful run (newest first, definition-change entries skipped) that recorded the
     * schema it wrote (or its fingerprint); empty before the first success or when that run
     * predates schema tracking.
     */
    private Optional<ExportRun> lastExportedRun() {
        for (int offset = 0; offset < 1000; offset += 100) {
            List<ExportRun> page = store.runs(id(), offset, 100);
            for (ExportRun r : page) {
                if (r.status() == RunStatus.SUCCEEDED && r.trigger() != RunTrigger.DEFINITION_CHANGE) {
                    return r.schemaFingerprintOrComputed().isPresent() ? Optional.of(r) : Optional.empty();
                }
            }
            if (page.size() < 100) {
                break;
            }
        }
        return Optional.empty();
    }

    /**
     * How the schema changed since {@code before}: field by field when its schema was kept; when only
     * its fingerprint was (a schema too large to keep), a differing fingerprint is one change that
     * no policy but {@code ALLOW_ANY} lets through, since what changed cannot be told.
     */
    private static SchemaChange schemaChange(ExportRun before, Schema schema, String schemaJson) {
        if (before.schema().isPresent()) {
            return SchemaChange.between(Schema.fromJson(before.schema().get()), schema);
        }
        String was = before.schemaFingerprint().orElseThrow();
        String now = ExportRun.fingerprint(schemaJson);
        return was.equals(now) ? new SchemaChange(List.of()) : new SchemaChange(List.of(new SchemaChange.Change("(schema)",
                SchemaChange.Kind.TYPE_CHANGED, "sha256:" + was, "sha256:" + now)));
    }

    /** Tells the listeners about a schema change, then refuses the run when the flow's policy says so. */
    private void refuseOrReport(String runId, SchemaChange change) {
        SchemaChangePolicy policy = definition.settings().schemaChangePolicy();
        boolean refused = !change.allowedBy(policy);
        ExportListener.SchemaChanged event = new ExportListener.SchemaChanged(id(), runId, change, policy, refused);
        for (ExportListener listener : plan.listeners()) {
            try {
                listener.schemaChanged(event);
            } catch (RuntimeException e) {
                LOG.warn("Flow {} run {}: a listener failed on the schema change: {}", id(), runId, e.toString());
            }
        }
        if (refused) {
            throw new ExportException("Schema change refused by onSchemaChange(" + policy + ") for flow " + id()
                    + ": " + change);
        }
        LOG.info("Flow {} run {}: the schema changed since the last successful run: {}", id(), runId, change);
    }

    /**
     * Extends the lease of a run in progress. If another scheduler took the run over (this one
     * stalled past its lease), the run here is stopped: two owners must never write one window.
     */
    private void renew(String runId) {
        try {
            StoredFlow current = stored();
            if (!runId.equals(current.runningRunId())) {
                LOG.warn("Flow {} run {}: lost its lease to another scheduler; stopping it here", id(), runId);
                leaseLost = "lost its lease to another scheduler";
                interruptRun();
                return;
            }
            Instant leaseNow = leaseNow();
            update(f -> runId.equals(f.runningRunId()) ? f.renewed(leaseNow.plus(lease)) : null);
            renewalFailingSince = null;
        } catch (RuntimeException e) {
            Instant now = clock.instant();
            if (renewalFailingSince == null) {
                renewalFailingSince = now;
            }
            if (!renewalFailingSince.plus(lease).isAfter(now)) {
                // the store has been out of reach for a whole lease: another scheduler may own the run now
                LOG.warn("Flow {} run {}: could not renew its lease for longer than the lease ({}); stopping it here: {}",
                        id(), runId, lease, e.getMessage());
                leaseLost = "could not renew its lease for longer than the lease (" + lease + "): the state store is out of reach";
                interruptRun();
                return;
            }
            // the state store is unreachable: keep running, try again at the next beat (the fence decides at the end)
            LOG.warn("Flow {} run {}: renewing its lease failed: {}", id(), runId, e.getMessage());
        }
    }

    /** This run may not publish: another scheduler took it over, or its claim could not be proven. */
    private static final class ClaimLost extends ExportException {
        private static final long serialVersionUID = 1L;

        ClaimLost(String message) {
            super(message);
        }
    }

    /**
     * The commit point ({@link org.datasetexport.engine.CommitFence}): the run publishes only if it
     * still holds its claim, proven by a compare-and-set on the state store (which also renews the
     * lease). A takeover moves the claim with a compare-and-set on the version it read too, so of
     * the two exactly one wins: either this run publishes and the takeover backs off, or the
     * takeover holds the flow and this run rolls back — whatever the schedulers' clocks say.
     */
    private void fence(String runId) {
        for (int attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
            StoredFlow current;
            try {
                current = stored();
            } catch (RuntimeException e) {
                throw new ClaimLost("lost its claim: the state store could not confirm it before publishing (" + e.getMessage() + ")");
            }
            if (!runId.equals(current.runningRunId())) {
                throw new ClaimLost("lost its claim to another scheduler before publishing (the flow is now held by "
                        + (current.runningRunId() == null ? "no run" : "run " + current.runningRunId()) + ")");
            }
            Instant leaseNow = leaseNow();
            if (store.replace(current, current.renewed(leaseNow.plus(lease)))) {
                renewalFailingSince = null;
                return;
            }
        }
        throw new ClaimLost("lost its claim: the flow's state kept changing while it tried to publish");
    }

    /**
     * The run's final history entry, written only while this runner still holds the claim: a run
     * another scheduler took over was recorded by it, and that record must not be overwritten.
     */
    private boolean saveFinal(ExportRun finished) {
        StoredFlow current = stored();
        if (!finished.runId().equals(current.runningRunId())) {
            LOG.warn("Flow {} run {}: another scheduler took the run over before it was recorded {}; keeping that scheduler's "
                    + "record", id(), finished.runId(), finished.status());
            return false;
        }
        store.saveRun(finished);
        return true;
    }

    /** Withdraws a run's publication: the manifest first (so no reader trusts it), then its data files. */
    private void unpublish(String runId, ExportResult result) {
        List<String> paths = new ArrayList<>();
        result.manifestPath().ifPresent(paths::add);
        result.files().forEach(file -> paths.add(file.path()));
        for (String path : paths) {
            try {
                plan.destination().delete(path);
            } catch (IOException | RuntimeException e) {
                LOG.warn("Flow {} run {}: could not withdraw {} (cleanupRun can): {}", id(), runId, path, e.toString());
            }
        }
        LOG.warn("Flow {} run {}: lost its claim while publishing; withdrew its manifest and {} file(s)", id(), runId,
                result.files().size());
    }

    /**
     * At a takeover: the destination's cleanup with the cleanup age removes the temp files and pending
     * uploads of runs that are dead (their live marker lapsed) at once, and only old leftovers of
     * others — so a live run elsewhere loses nothing.
     */
    private void removeLeftoversOfDeadRuns() {
        try {
            try {
                plan.destination().cleanup(cleanupAge);
            } catch (UnsupportedOperationException e) {
                // this destination keeps no leftovers of its own to clean
            }
            // then the files and markers of every dead run (the one taken over among them): a live run elsewhere
            // renews its marker, and one that lapsed finds out at its own commit point
            AbandonedRuns.remove(plan.destination(), Duration.ZERO);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Flow {}: removing the leftovers of a dead run from {} failed (the daily cleanup retries): {}", id(),
                    plan.destination().id(), e.getMessage());
        }
    }

    /**
     * After a successful run, at most once per cleanup age, removes what crashed runs left in the
     * destination (temp files, pending multipart uploads, uncommitted blocks) that is older than
     * that age. A destination without cleanup is skipped; a failing cleanup only logs.
     */
    private void cleanUpLeftovers() {
        Instant now = clock.instant();
        Instant last = lastCleanup;
        if (last != null && last.plus(cleanupAge).isAfter(now)) {
            return;
        }
        lastCleanup = now;
        try {
            int removed = plan.destination().cleanup(cleanupAge);
            if (removed > 0) {
                LOG.info("Flow {}: removed {} leftover(s) of crashed uploads older than {} from {}", id(), removed, cleanupAge,
                        plan.destination().id());
            }
        } catch (UnsupportedOperationException e) {
            // this destination keeps no leftovers to clean
        } catch (IOException | RuntimeException e) {
            LOG.warn("Flow {}: cleaning up leftovers in {} failed: {}", id(), plan.destination().id(), e.getMessage());
        }
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
        Instant leaseNow = leaseNow();
        if (runningElsewhere(f, leaseNow)) {
            throw new ExportException("flow \"" + id() + "\" is already running run " + f.runningRunId());
        }
        if (f.runningRunId() != null) {
            takeOver(f, now);
            f = stored();
        }
        String runId = UUID.randomUUID().toString();
        if (!store.replace(f, f.claimed(runId, null, now, leaseNow.plus(lease)))) {
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
    public int cleanupRun(String runId) {
        ConfigurationException.requireNonNull(runId, "runId");
        ExportRun run = store.runs(id(), 0, 1000).stream().filter(r -> r.runId().equals(runId)).findFirst()
                .orElseThrow(() -> new ConfigurationException("flow \"" + id() + "\" has no run \"" + runId + "\" in its history"));
        ConfigurationException.check(run.status() != RunStatus.SUCCEEDED,
                "run \"%s\" of flow \"%s\" succeeded: its files are the export, not leftovers", runId, id());
        StoredFlow f = stored();
        ConfigurationException.check(!runId.equals(f.runningRunId()) || !leaseEnd(f).isAfter(leaseNow()),
                "run \"%s\" of flow \"%s\" is still running", runId, id());
        int removed = removeFilesOf(run);
        try {
            String manifest = manifestPath(run);
            if (plan.destination().list(manifest).contains(manifest)) {
                plan.destination().delete(manifest);
                removed++;
            }
        } catch (IOException e) {
            throw new ExportException("flow \"" + id() + "\": could not remove the manifest of run " + runId + ": " + e.getMessage(), e);
        }
        return removed;
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

    /**
     * Runs {@code action} once no run of this flow executes here: at once, or when the run in
     * progress ends (in its thread).
     *
     * @param action what to do, such as closing a destination the run still uses
     */
    public void whenIdle(Runnable action) {
        synchronized (runLock) {
            if (runningThread != null) {
                afterRun.add(action);
                return;
            }
        }
        action.run();
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
