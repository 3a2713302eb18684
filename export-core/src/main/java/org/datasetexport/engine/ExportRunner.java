package org.datasetexport.engine;

import org.datasetexport.spi.support.RunMdc;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.datasetexport.ConfigurationException;
import org.datasetexport.DestinationSpec;
import org.datasetexport.DestinationException.Operation;
import org.datasetexport.EmptyOutput;
import org.datasetexport.ExportException;
import org.datasetexport.ExportListener;
import org.datasetexport.ExportPreview;
import org.datasetexport.ExportResult;
import org.datasetexport.ExportedFile;
import org.datasetexport.data.ScanRequest;
import org.datasetexport.data.Schema;
import org.datasetexport.data.Split;
import org.datasetexport.data.TimeWindow;
import org.datasetexport.engine.Manifest;
import org.datasetexport.engine.ManifestCodec;
import org.datasetexport.engine.FileNames;
import org.datasetexport.engine.ProviderRegistry;
import org.datasetexport.spi.DistributedDataset;
import org.datasetexport.spi.DistributedRun;
import org.datasetexport.spi.StagedOutput;
import org.datasetexport.spi.StoragePaths;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes one run of an {@link ExportPlan}: plans splits, runs up to {@code parallelism}
 * {@link SplitWriter}s, writes the manifest last, and on any failure aborts open files and deletes
 * whatever the run committed before rethrowing.
 */
public final class ExportRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ExportRunner.class);

    private ExportRunner() {
    }

    /**
     * @param plan the snapshot of the builder
     * @param window the ingestion-time window; its end is the run's cut-off
     * @param scheduledTime the run's scheduled time (gives {@code exportTime})
     * @return the result of a successful run
     * @throws ExportException when the run failed; nothing it wrote remains
     */
    public static ExportResult run(ExportPlan plan, TimeWindow window, Instant scheduledTime) {
        return run(plan, window, scheduledTime, UUID.randomUUID().toString());
    }

    /**
     * @param requested the snapshot of the builder
     * @param window the ingestion-time window; its end is the run's cut-off
     * @param scheduledTime the run's scheduled time (gives {@code exportTime})
     * @param runId the run id, as recorded in a flow's history
     * @return the result of a successful run
     * @throws ExportException when the run failed; nothing it wrote remains
     */
    public static ExportResult run(ExportPlan requested, TimeWindow window, Instant scheduledTime, String runId) {
        return runReporting(requested, window, scheduledTime, runId).result();
    }

    /**
     * @param result what the run exported
     * @param retentionNote what the flow's retention removed after the run (or failed to), when it did anything
     */
    public record Outcome(ExportResult result, Optional<String> retentionNote) {
    }

    /**
     * {@link #run(ExportPlan, TimeWindow, Instant, String)}, also saying what the retention did.
     *
     * @param requested the snapshot of the builder or flow
     * @param window the ingestion-time window; its end is the run's cut-off
     * @param scheduledTime the run's scheduled time (gives {@code exportTime})
     * @param runId the run id, as recorded in a flow's history
     * @return the result and the retention's note
     * @throws ExportException when the run failed; nothing it wrote remains
     */
    public static Outcome runReporting(ExportPlan requested, TimeWindow window, Instant scheduledTime, String runId) {
        return runReporting(requested, window, scheduledTime, runId, CommitFence.NONE);
    }

    /**
     * {@link #runReporting(ExportPlan, TimeWindow, Instant, String)} with a check at the commit
     * point: {@code fence} is asked after the last data file is committed and before the manifest
     * and success marker are written; when it throws, the run fails with its exception and removes
     * every file it wrote (nothing is published).
     *
     * @param requested the snapshot of the builder or flow
     * @param window the ingestion-time window; its end is the run's cut-off
     * @param scheduledTime the run's scheduled time (gives {@code exportTime})
     * @param runId the run id, as recorded in a flow's history
     * @param fence the commit-point check
     * @return the result and the retention's note
     * @throws ExportException when the run failed or the fence refused; nothing it wrote remains
     */
    public static Outcome runReporting(ExportPlan requested, TimeWindow window, Instant scheduledTime, String runId,
                                       CommitFence fence) {
        try (RunMdc mdc = RunMdc.enter(runId, requested.dataset().id(), requested.flowId())) {
            ExportResult result = runInContext(requested, window, scheduledTime, runId, fence);
            return new Outcome(result, applyRetention(requested, runId));
        }
    }

    /** After a success: never throws, never fails the run; what it could not remove is in the note. */
    private static Optional<String> applyRetention(ExportPlan plan, String runId) {
        if (plan.settings().retention().isEmpty()) {
            return Optional.empty();
        }
        try {
            RetentionSweep.Report report = RetentionSweep.sweep(plan, runId, plan.clock().instant());
            return report.isEmpty() ? Optional.empty() : Optional.of(report.describe(plan.settings().retention().get()));
        } catch (RuntimeException e) {
            LOG.warn("Export run {}: retention failed: {}", runId, e.toString());
            return Optional.of("retention failed: " + e.getMessage());
        }
    }

    /**
     * What {@link #run} would do, checked as it checks before reading: the policy (a denial
     * throws), the format against schema and compression, the dataset's split planning; the
     * destination's {@code check()} runs and its failure is reported, not thrown. Reads no row,
     * writes nothing of its own.
     *
     * @param requested the snapshot of the builder or flow
     * @param window the window the run would export
     * @param scheduledTime the run's scheduled time (gives {@code exportTime})
     * @return the preview
     */
    public static ExportPreview preview(ExportPlan requested, TimeWindow window, Instant scheduledTime) {
        PolicyCheck.Checked checked = PolicyCheck.evaluate(requested);
        ExportPlan plan = checked.plan();
        FormatCheck.require(plan.format(), plan.settings().compression(), plan.dataset());
        String folderPath = FileNames.runFolder(plan.settings().folder(), plan.dataset().id(), FileNames.exportTime(scheduledTime));
        int parallelism = plan.settings().parallelism();
        List<? extends Split> splits = planSplits(plan, window);
        String exampleRunId = UUID.randomUUID().toString();
        String extension = RunContext.extension(plan);
        PartitionLayout layout = RunContext.layout(plan);
        String partitionPattern = layout.partitions().stream().map(p -> p.name() + "=<value>/")
                .collect(Collectors.joining());
        List<String> files = new ArrayList<>();
        for (int i = 0; i < Math.min(3, splits.size()); i++) {
            files.add(folderPath + "/" + partitionPattern + FileNames.dataFile(i, exampleRunId, 0, extension));
        }
        Optional<String> manifest = plan.settings().manifest()
                ? Optional.of(folderPath + "/" + FileNames.manifest(plan.destination().id(), exampleRunId)) : Optional.empty();
        Optional<String> problem;
        try {
            plan.destination().check();
            problem = Optional.empty();
        } catch (RuntimeException e) {
            problem = Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        return new ExportPreview(plan.dataset().id(), plan.destination().id(), plan.destination().type(), plan.format().name(),
                plan.settings().compression(), folderPath, files, manifest, splits.size(), parallelism,
                plan.dataset().schema(), checked.decision() == null ? List.of() : checked.decision().actions(),
                checked.decision() != null, window, problem, layout.partitions());
    }

    /**
     * @param plan a flow's plan
     * @return the schema its files would have: the dataset's, after the policy's dropped and hashed fields
     * @throws org.datasetexport.policy.PolicyViolationException when the policy denies the export
     */
    public static Schema outputSchema(ExportPlan plan) {
        return PolicyCheck.apply(plan).dataset().schema();
    }

    /** The dataset's splits for a window; a dataset that plans none is broken, not empty. */
    /**
     * A folder and dataset id so long that the run's files cannot be named is found before any row
     * is read, not at the first file (partition directories, which depend on the rows, are checked
     * as each appears).
     */
    private static void requireShortEnoughPaths(ExportPlan plan, String runId, String folderPath) {
        String longest = folderPath + "/" + FileNames.dataFile(0, runId, 999, RunContext.extension(plan));
        String manifest = folderPath + "/" + FileNames.manifest(plan.destination().id(), runId);
        int length = Math.max(longest.length(), manifest.length());
        ConfigurationException.check(length <= StoragePaths.MAX_PATH_LENGTH, "the files of dataset \"%s\" would have paths of %d characters under "
                + "folder \"%s\", more than the %d a store takes: shorten the folder or the dataset id", plan.dataset().id(), length,
                plan.settings().folder(), StoragePaths.MAX_PATH_LENGTH);
    }

    private static List<? extends Split> planSplits(ExportPlan plan, TimeWindow window) {
        List<? extends Split> splits = plan.dataset().plan(new ScanRequest(window, plan.settings().parallelism()));
        if (splits == null || splits.isEmpty()) {
            throw new ExportException("Dataset \"" + plan.dataset().id() + "\" planned no splits; "
                    + "a dataset must return at least one (it may yield no rows)");
        }
        return splits;
    }

    private static ExportResult runInContext(ExportPlan requested, TimeWindow window, Instant scheduledTime, String runId,
                                             CommitFence fence) {
        // the policy decides before anything is read or written; a denial throws here
        ExportPlan plan = PolicyCheck.apply(requested);
        // so does the format: a schema (restored flows, services) it cannot write fails before any row is read
        FormatCheck.require(plan.format(), plan.settings().compression(), plan.dataset());
        String exportTime = FileNames.exportTime(scheduledTime);
        String folderPath = FileNames.runFolder(plan.settings().folder(), plan.dataset().id(), exportTime);
        requireShortEnoughPaths(plan, runId, folderPath);
        RunContext ctx = new RunContext(plan, runId, scheduledTime, exportTime, window, folderPath);
        long started = System.nanoTime();
        RunMarker marker = null;
        try {
            List<? extends Split> splits = planSplits(plan, window);
            // live before the first file: a run killed from here on leaves evidence AbandonedRuns acts on
            marker = RunMarker.start(plan.destination(), runId, folderPath);
            LOG.info("Export run {} of dataset {} to {}/{} started: {} split(s), parallelism {}", runId,
                    plan.dataset().id(), plan.destination().id(), folderPath, splits.size(), plan.settings().parallelism());
            ctx.listeners.emit(l -> l.runStarted(new ExportListener.RunStarted(runId, plan.dataset().id(),
                    plan.destination().id(), scheduledTime, exportTime, splits.size(), plan.flowId(), plan.format().name(),
                    plan.destination().type())));
            if (plan.dataset() instanceof DistributedDataset distributed) {
                writeDistributed(ctx, distributed);
            } else {
                writeSplits(ctx, splits);
            }
            if (ctx.records() == 0 && plan.settings().emptyOutput() == EmptyOutput.WRITE_EMPTY_FILE) {
                new FileRoller(ctx, 0, new AtomicInteger()).writeEmptyFile();
            }
            List<ExportedFile> files = ctx.ledger.files();
            // the commit point: a run that may no longer publish (a flow run taken over, a run a cleanup
            // took for dead) rolls back here
            marker.requireLive(files);
            fence.beforePublish();
            Optional<String> manifestPath = plan.settings().manifest() ? Optional.of(writeManifest(ctx, files)) : Optional.empty();
            if (plan.settings().successMarker() && (!files.isEmpty() || manifestPath.isPresent())) {
                writeSuccessMarker(ctx);
            }
            long bytes = files.stream().mapToLong(ExportedFile::sizeBytes).sum();
            long records = files.stream().mapToLong(ExportedFile::records).sum();
            ExportResult result = new ExportResult(runId, plan.dataset().id(), scheduledTime, exportTime, files,
                    records, bytes, manifestPath, window, Duration.ofNanos(System.nanoTime() - started));
            // without a manifest, removing the marker is the run's last step: a failure here still rolls it back
            marker.finishPublished(manifestPath.isPresent());
            LOG.info("Export run {} finished: {} record(s), {} file(s), {} byte(s) in {}", runId, records,
                    files.size(), bytes, result.duration());
            ctx.listeners.emit(l -> l.runFinished(result));
            return result;
        } catch (RuntimeException | Error failure) {
            ExportException error = failure instanceof ExportException e ? e
                    : failure instanceof RunContext.RunStopped
                    ? new ExportException("Export run " + runId + " was interrupted")
                    : new ExportException("Export run " + runId + " of dataset \"" + plan.dataset().id()
                            + "\" failed: " + Failures.detail(failure), failure);
            boolean rolledBack = ctx.ledger.rollback(error);
            if (marker != null) {
                // a rollback that left a file keeps the marker: once it lapses, AbandonedRuns removes what is left
                marker.finishFailed(rolledBack);
            }
            LOG.warn("Export run {} of dataset {} failed, everything it wrote was removed: {}", runId,
                    plan.dataset().id(), error.getMessage());
            ctx.listeners.emit(l -> l.runFailed(new ExportListener.RunFailed(runId, error)));
            if (failure instanceof Error err) {
                throw err;
            }
            throw error;
        }
    }

    /**
     * Runs up to {@code parallelism} splits at once; when there are fewer splits than that, each
     * split's rows are fanned out to {@code parallelism / splits} encoders ({@link FannedOutSplit}),
     * so the workers asked for are used whatever the dataset's planning.
     */
    private static void writeSplits(RunContext ctx, List<? extends Split> splits) {
        int parallelism = ctx.plan.settings().parallelism();
        int workers = Math.min(parallelism, splits.size());
        int encodersPerSplit = parallelism / splits.size();
        List<Runnable> tasks = new ArrayList<>(splits.size());
        for (int i = 0; i < splits.size(); i++) {
            tasks.add(encodersPerSplit > 1 ? new FannedOutSplit(ctx, i, splits.get(i), encodersPerSplit)::run
                    : new SplitWriter(ctx, i, splits.get(i))::run);
        }
        if (workers == 1) {
            tasks.forEach(Runnable::run);
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(workers, threads("datasetexport-" + ctx.runId.substring(0, 8)));
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Runnable task : tasks) {
                futures.add(pool.submit(RunMdc.wrap(() -> {
                    try {
                        task.run();
                    } catch (RuntimeException | Error e) {
                        ctx.stop();
                        throw e;
                    }
                })));
            }
            awaitAll(ctx, futures);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Waits for every worker (none may still write during a rollback), then throws the first real failure. */
    static void awaitAll(RunContext ctx, List<Future<?>> futures) {
        Throwable first = null;
        boolean interrupted = false;
        for (Future<?> future : futures) {
            while (true) {
                try {
                    future.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                    ctx.stop();
                    if (first == null) {
                        first = new ExportException("Export run " + ctx.runId + " was interrupted");
                    }
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (!(cause instanceof RunContext.RunStopped)) {
                        if (first == null) {
                            first = cause;
                        } else if (first != cause) {
                            first.addSuppressed(cause);
                        }
                    }
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (first instanceof RuntimeException r) {
            throw r;
        }
        if (first instanceof Error err) {
            throw err;
        }
    }

    /** Daemon threads named {@code <prefix>-1}, {@code <prefix>-2}, …: a run's workers and encoders. */
    static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Hands the run to the dataset's own engine and records its files as the run's (rolled back like any other). */
    private static void writeDistributed(RunContext ctx, DistributedDataset dataset) {
        ExportPlan plan = ctx.plan;
        DestinationSpec spec = plan.destinationSpec();
        ConfigurationException.check(spec != null, "dataset \"%s\" is written by its own engine, whose workers rebuild the "
                + "destination from its URI and options; destination \"%s\" was built in code: give the export to(uri, options) "
                + "(or register the connection with its URI)", plan.dataset().id(), plan.destination().id());
        ConfigurationException.check(plan.encryption() == null, "dataset \"%s\" is written by its own engine, which does not "
                + "encrypt yet; export it without encryption", plan.dataset().id());
        List<ExportedFile> files = dataset.write(new DistributedRun(ctx.runId, plan.flowId(), plan.dataset().id(),
                ctx.scheduledTime, ctx.window, plan.settings(), plan.dataset().schema(), spec.uri(), spec.options()));
        long records = 0;
        long bytes = 0;
        for (ExportedFile f : files) {
            ctx.ledger.aboutToCommit(f.path());
            ctx.ledger.committed(f);
            records += f.records();
            bytes += f.sizeBytes();
            ExportedFile committed = f;
            ctx.listeners.emit(l -> l.fileCommitted(committed));
        }
        ctx.addProgress(records, bytes);
    }

    /**
     * The driver's side of a distributed run (export-spark): its tasks wrote and committed
     * {@code files} ({@link TaskFiles}); this writes the manifest and the success marker last, as a
     * local run does, and returns the result. A failure here deletes the manifest and marker it may
     * have written (the caller removes the data files).
     *
     * @param plan the run's plan
     * @param runId the run id
     * @param scheduledTime the run's scheduled time
     * @param window the run's window
     * @param files every data file of the run
     * @param duration how long the run took so far
     * @return the run's result
     */
    public static ExportResult publish(ExportPlan plan, String runId, Instant scheduledTime, TimeWindow window,
                                       List<ExportedFile> files, Duration duration) {
        String exportTime = FileNames.exportTime(scheduledTime);
        RunContext ctx = new RunContext(plan, runId, scheduledTime, exportTime, window,
                FileNames.runFolder(plan.settings().folder(), plan.dataset().id(), exportTime));
        List<ExportedFile> sorted = new ArrayList<>(files);
        sorted.sort(java.util.Comparator.comparing(ExportedFile::path));
        try {
            Optional<String> manifestPath = plan.settings().manifest() ? Optional.of(writeManifest(ctx, sorted)) : Optional.empty();
            if (plan.settings().successMarker() && (!sorted.isEmpty() || manifestPath.isPresent())) {
                writeSuccessMarker(ctx);
            }
            long bytes = sorted.stream().mapToLong(ExportedFile::sizeBytes).sum();
            long records = sorted.stream().mapToLong(ExportedFile::records).sum();
            return new ExportResult(runId, plan.dataset().id(), scheduledTime, exportTime, sorted, records, bytes,
                    manifestPath, window, duration);
        } catch (RuntimeException | Error failure) {
            ctx.ledger.rollback(failure);
            throw failure;
        }
    }

    /** An empty {@code _SUCCESS}, last; one already there (a run of the same minute) is the folder's and stays. */
    private static void writeSuccessMarker(RunContext ctx) {
        String path = ctx.folderPath + "/" + FileNames.SUCCESS_MARKER;
        try (StagedOutput out = ctx.plan.destination().create(path)) {
            out.stream().close();
            ctx.ledger.aboutToCommit(path);
            out.commit();
        } catch (FileAlreadyExistsException e) {
            LOG.debug("Export run {}: {} exists already (another run of this minute); kept", ctx.runId, path);
        } catch (IOException | RuntimeException e) {
            throw Failures.wrap(e, ctx.destinationId(), path, Operation.COMMIT);
        }
    }

    private static String writeManifest(RunContext ctx, List<ExportedFile> files) {
        ExportPlan plan = ctx.plan;
        List<Manifest.Entry> entries = new ArrayList<>();
        for (ExportedFile f : files) {
            // a partitioned file sits in its partition directory below the run folder
            String folder = f.path().substring(0, f.path().length() - f.name().length() - 1);
            String partitionDirectory = folder.length() > ctx.folderPath.length() ? folder.substring(ctx.folderPath.length() + 1) : "";
            entries.add(new Manifest.Entry("/" + folder, f.name(), f.sizeBytes(), f.records(), f.sha256(),
                    PartitionLayout.values(partitionDirectory)));
        }
        Manifest manifest = new Manifest(ctx.runId, ctx.scheduledTime, entries, plan.dataset().id(), plan.flowId(),
                plan.format().name(), plan.settings().compression().name(), plan.settings().mode().name(),
                ctx.window.from().orElse(null), ctx.window.to(),
                files.stream().mapToLong(ExportedFile::records).sum(),
                files.stream().mapToLong(ExportedFile::sizeBytes).sum(),
                plan.dataset().schema().toJson(), true,
                plan.encryption() == null ? null : plan.encryption().name(),
                plan.encryption() == null ? null : plan.encryption().keyId());
        byte[] json = ManifestCodec.toJson(manifest);
        String path = ctx.folderPath + "/" + FileNames.manifest(ctx.destinationId(), ctx.runId);
        try (StagedOutput out = plan.destination().create(path)) {
            try (OutputStream stream = out.stream()) {
                stream.write(json);
            }
            ctx.ledger.aboutToCommit(path);
            out.commit();
        } catch (IOException | RuntimeException e) {
            throw Failures.wrap(e, ctx.destinationId(), path, Operation.COMMIT);
        }
        return path;
    }
}
