package org.datasetexport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.datasetexport.data.Dataset;
import org.datasetexport.data.TimeWindow;
import org.datasetexport.engine.ExportPlan;
import org.datasetexport.engine.ExportRunner;
import org.datasetexport.engine.FormatCheck;
import org.datasetexport.engine.PartitionLayout;
import org.datasetexport.engine.ProviderRegistry;
import org.datasetexport.policy.ExportPolicy;
import org.datasetexport.spi.Destination;
import org.datasetexport.spi.Format;
import org.datasetexport.spi.StoragePaths;

/**
 * Collects the settings of an export. Mutable and not thread-safe; use it for one terminal call.
 * The persisted settings go into one {@link ExportSettings} value (see {@link #settings()});
 * the live objects (dataset, destination, listeners, policy, clock, encryption key) stay beside
 * it. {@link #run()} and {@link #start(ExportScheduler)} copy everything into an immutable plan
 * first, so changing the builder afterwards changes nothing that is running.
 *
 * <p>Defaults: those of {@link ExportSettings#defaults()} (format {@code json},
 * {@link Compression#NONE}, no folder, no manifest, {@code maxFileSize} 1 GiB, no record limit per
 * file, parallelism 1, {@link EmptyOutput#NO_FILE}, {@link ExportMode#FULL}), and the system UTC clock.
 *
 * <p>Validation happens as early as the information allows: a single bad argument fails in its
 * setter; combinations (a compression the format does not support, no destination) fail in
 * {@link #run()} before any data is read. Every failure is a {@link ConfigurationException} naming
 * the setting, the value and what is allowed.
 */
public final class ExportBuilder {
    /** The default {@link #maxFileSize(long)}: 1 GiB. */
    public static final long DEFAULT_MAX_FILE_SIZE = ExportSettings.DEFAULT_MAX_FILE_SIZE;

    private final Dataset dataset;
    private ExportSettings.Builder settings = ExportSettings.builder();
    private String destinationUri;
    private Map<String, String> destinationOptions = Map.of();
    private Destination destination;
    private boolean formatNamed;
    private Format format;
    private final List<ExportListener> listeners = new ArrayList<>();
    private Clock clock = Clock.systemUTC();
    private String flowId;
    private Encryption encryption;
    private ExportPolicy policy;
    private Schedule schedule;
    private boolean modeSet;

    ExportBuilder(Dataset dataset) {
        this.dataset = dataset;
    }

    /**
     * Writes to the destination a URI names, built through the providers on the classpath and
     * closed after the run. Cannot be combined with {@link #to(Destination)}.
     *
     * @param uri for example {@code file:///var/exports}, {@code memory://name}, {@code s3://bucket/prefix}
     * @return this builder
     * @throws ConfigurationException when null, or when a destination was already set
     */
    public ExportBuilder to(String uri) {
        return to(uri, Map.of());
    }

    /**
     * Like {@link #to(String)}, with the provider's options (secrets go here, never in the URI).
     *
     * @param uri the destination URI
     * @param options the provider's option keys
     * @return this builder
     * @throws ConfigurationException when null, or when a destination was already set
     */
    public ExportBuilder to(String uri, Map<String, String> options) {
        ConfigurationException.requireNonNull(uri, "destination URI");
        ConfigurationException.requireNonNull(options, "destination options");
        requireNoDestination();
        this.destinationUri = uri;
        this.destinationOptions = new TreeMap<>(options);
        return this;
    }

    /**
     * Writes to a configured destination. The caller keeps ownership: the run does not close it.
     * Cannot be combined with {@link #to(String)}.
     *
     * @param destination the destination
     * @return this builder
     * @throws ConfigurationException when null, or when a destination was already set
     */
    public ExportBuilder to(Destination destination) {
        ConfigurationException.requireNonNull(destination, "destination");
        requireNoDestination();
        this.destination = destination;
        return this;
    }

    private void requireNoDestination() {
        ConfigurationException.check(destination == null && destinationUri == null,
                "the destination was already set to %s", destination != null ? destination.id() : "a URI");
    }

    /**
     * The "folder name you provided": files go under {@code folder/datasetId/exportTime=…/}.
     * Last call wins.
     *
     * @param folder one or more {@code /}-separated segments of letters, digits and {@code . _ = -}
     * @return this builder
     * @throws ConfigurationException when null or not a valid folder (no {@code ..}, no control characters)
     */
    public ExportBuilder folder(String folder) {
        settings.folder(StoragePaths.requireValidFolder(folder, "folder"));
        return this;
    }

    /**
     * Chooses a format by provider name ({@code json}, {@code parquet}). Cannot be combined with
     * {@link #format(Format)}.
     *
     * @param name the format name
     * @return this builder
     * @throws ConfigurationException when null, or when a format was already set
     */
    public ExportBuilder format(String name) {
        return format(name, Map.of());
    }

    /**
     * Chooses a format by provider name, with the provider's options (for example Parquet's
     * {@code row-group-size}). Cannot be combined with {@link #format(Format)}.
     *
     * @param name the format name
     * @param options the provider's option keys; unknown keys fail in {@link #run()}
     * @return this builder
     * @throws ConfigurationException when null, or when a format was already set
     */
    public ExportBuilder format(String name, Map<String, String> options) {
        ConfigurationException.requireNonNull(name, "format name");
        ConfigurationException.requireNonNull(options, "format options");
        requireNoFormat();
        settings.format(name).formatOptions(options);
        this.formatNamed = true;
        return this;
    }

    /**
     * Uses a configured format. Cannot be combined with {@link #format(String)}.
     *
     * @param format the format
     * @return this builder
     * @throws ConfigurationException when null, or when a format was already set
     */
    public ExportBuilder format(Format format) {
        ConfigurationException.requireNonNull(format, "format");
        requireNoFormat();
        this.format = format;
        return this;
    }

    private void requireNoFormat() {
        ConfigurationException.check(format == null && !formatNamed,
                "the format was already set to %s", format != null ? format.name() : settings.build().format());
    }

    /**
     * @param compression one the format supports (checked in {@link #run()}); default {@code NONE}. Last call wins.
     * @return this builder
     * @throws ConfigurationException when null
     */
    public ExportBuilder compression(Compression compression) {
        settings.compression(compression);
        return this;
    }

    /**
     * @param manifest whether to write {@code manifest-<destinationId>-<runId>.json} after the data
     *        files; default false
     * @return this builder
     */
    public ExportBuilder manifest(boolean manifest) {
        settings.manifest(manifest);
        return this;
    }

    /**
     * Rolls to a new file once a file reaches this many stored (compressed) bytes. A file ends
     * after the row that crosses the limit, so files exceed it by at most one row plus what the
     * compressor still buffers (tens of KiB).
     *
     * @param bytes at least 1; default 1 GiB
     * @return this builder
     * @throws ConfigurationException when not positive
     */
    public ExportBuilder maxFileSize(long bytes) {
        settings.maxFileSize(bytes);
        return this;
    }

    /**
     * Rolls to a new file after this many rows.
     *
     * @param records at least 1; default unlimited
     * @return this builder
     * @throws ConfigurationException when not positive
     */
    public ExportBuilder maxRecordsPerFile(long records) {
        settings.maxRecordsPerFile(records);
        return this;
    }

    /**
     * How many workers write at once. With at least as many splits as workers, each worker writes
     * one split at a time. With fewer (a dataset that cannot split: any iterable that is not a
     * random-access list, one big file, a query without a split key), each split is read by one
     * thread that fans its rows out to {@code parallelism / splits} encoders, each writing its own
     * files: the rows of one split then spread over several files, each file in source order (use
     * 1 to keep one split's rows in one sequence of files). Memory grows with it (one open file,
     * and its buffers, per worker; a fanned-out split also holds at most
     * {@code (3 × encoders + 1) × 512} rows in flight).
     *
     * @param parallelism 1 to 256; default 1
     * @return this builder
     * @throws ConfigurationException when out of range
     */
    public ExportBuilder parallelism(int parallelism) {
        settings.parallelism(parallelism);
        return this;
    }

    /**
     * Adds a listener; several may be added and are called in order.
     *
     * @param listener receives run, file and progress events
     * @return this builder
     * @throws ConfigurationException when null
     */
    public ExportBuilder listener(ExportListener listener) {
        listeners.add(ConfigurationException.requireNonNull(listener, "listener"));
        return this;
    }

    /**
     * The clock giving a run's scheduled time ({@code exportTime=} folder) and its cut-off. A test
     * seam: pass a {@code org.datasetexport.testing.MutableClock} to control time. Default: system UTC.
     *
     * @param clock the clock
     * @return this builder
     * @throws ConfigurationException when null
     */
    public ExportBuilder clock(Clock clock) {
        this.clock = ConfigurationException.requireNonNull(clock, "clock");
        return this;
    }

    /**
     * The flow's stable id, written into the manifest. Default: derived from dataset id,
     * destination id and folder.
     *
     * @param flowId a path-safe id (letters, digits, {@code . _ = -})
     * @return this builder
     * @throws ConfigurationException when null or not path-safe
     */
    public ExportBuilder flowId(String flowId) {
        this.flowId = StoragePaths.requireValidSegment(flowId, "flowId");
        return this;
    }

    /**
     * @param emptyOutput what a run with zero rows writes; default {@link EmptyOutput#NO_FILE}
     * @return this builder
     * @throws ConfigurationException when null
     */
    public ExportBuilder emptyOutput(EmptyOutput emptyOutput) {
        settings.emptyOutput(emptyOutput);
        return this;
    }

    /**
     * Writes an empty {@code _SUCCESS} into the run folder when the run has succeeded, after the
     * manifest (the Spark/Hadoop convention many schedulers and readers wait for). Never written by
     * a failed run; a failure to write it fails the run, which then removes everything it wrote. A
     * run that wrote nothing (no file, no manifest) writes no marker either; runs of one dataset in
     * the same minute share their run folder and its marker. {@code ExportVerifier} ignores it.
     *
     * @param successMarker true to write it; default false
     * @return this builder
     */
    public ExportBuilder successMarker(boolean successMarker) {
        settings.successMarker(successMarker);
        return this;
    }

    /**
     * Writes the files in a partitioned layout, Hive style: {@code <run folder>/<name>=<value>/…}
     * (see {@link Partition} for the transforms, names, escaping and null values). The partition
     * columns stay in the files. Fields and types are checked before any row is read. Each worker
     * keeps at most {@link #maxOpenFiles(int)} partition files open.
     *
     * <pre>{@code
     * .partitionBy(Partition.identity("country"), Partition.day("timestamp"))
     * // nightly/events/exportTime=202611280900/country=DE/timestamp_day=2026-11-28/part-00000-<run>-c000.parquet
     * }</pre>
     *
     * @param partitions outermost first; none to write unpartitioned (the default)
     * @return this builder
     * @throws ConfigurationException when null or holding null
     */
    public ExportBuilder partitionBy(Partition... partitions) {
        settings.partitions(java.util.Arrays.asList(ConfigurationException.requireNonNull(partitions, "partitions")));
        return this;
    }

    /**
     * @param files partition files each worker keeps open at once; default
     *              {@value ExportSettings#DEFAULT_MAX_OPEN_FILES}; the least recently used is
     *              committed when one more is needed
     * @return this builder
     * @throws ConfigurationException when not 1 to 10,000
     */
    public ExportBuilder maxOpenFiles(int files) {
        settings.maxOpenFiles(files);
        return this;
    }

    /**
     * Keeps only the most recent exports of this flow (for one-off runs: of repeated runs of this
     * dataset into this destination and folder, identified by the flow id their manifests record).
     * After a run succeeds, older exports beyond the limit are removed through their manifests:
     * the manifest first, then exactly the files it lists, then the run folder's {@code _SUCCESS}
     * if nothing else is left in it; files no manifest of the flow lists are never touched. A
     * removal that fails is logged and reported (a flow run's history note, listeners), never fails
     * the run.
     *
     * @param retention {@link Retention#keepLast(int)} or {@link Retention#olderThan(java.time.Duration)}
     * @return this builder
     * @throws ConfigurationException when null; {@code run()} and {@code start()} refuse it without {@code manifest(true)}
     */
    public ExportBuilder retention(Retention retention) {
        settings.retention(retention);
        return this;
    }

    /**
     * What each run of the flow does when the dataset's schema (after the policy) differs from
     * the one the flow's last successful run wrote. Every change — fields added, removed,
     * retyped, or with changed nullability, by path — is recorded in the run
     * ({@code ExportRun.schemaChange()}) and told to listeners whatever the policy; a refused run
     * is recorded {@code FAILED} with the report and writes nothing.
     *
     * @param policy {@link SchemaChangePolicy#ALLOW_ANY} (default), {@code ALLOW_ADDITIVE} or {@code FAIL}
     * @return this builder
     * @throws ConfigurationException when null
     */
    public ExportBuilder onSchemaChange(SchemaChangePolicy policy) {
        settings.schemaChangePolicy(policy);
        return this;
    }

    /**
     * Encrypts every file after compression, e.g. {@code Encryption.openPgp(publicKey)}; the file
     * name gets the scheme's suffix ({@code .gpg}) and the manifest records that files are
     * encrypted, with sizes and digests of the encrypted objects. Default: none.
     *
     * @param encryption the encryption
     * @return this builder
     * @throws ConfigurationException when null
     */
    public ExportBuilder encryption(Encryption encryption) {
        this.encryption = ConfigurationException.requireNonNull(encryption, "encryption");
        return this;
    }

    /**
     * The export policy evaluated before every run: it may deny the export
     * ({@code PolicyViolationException} before anything is written) or require fields to be dropped
     * or hashed. For flows, this replaces the scheduler's policy. Default: none (or the scheduler's).
     *
     * @param policy the policy
     * @return this builder
     * @throws ConfigurationException when null
     */
    public ExportBuilder policy(ExportPolicy policy) {
        this.policy = ConfigurationException.requireNonNull(policy, "policy");
        return this;
    }

    /**
     * @param purpose the export's declared purpose ("marketing action"), which policies evaluate
     * @return this builder
     * @throws ConfigurationException when null
     */
    public ExportBuilder purpose(String purpose) {
        settings.purpose(purpose);
        return this;
    }

    /**
     * When a flow started with {@link #start(ExportScheduler)} runs. Required for {@code start},
     * not allowed with {@link #run()}.
     *
     * @param schedule the schedule
     * @return this builder
     * @throws ConfigurationException when null
     */
    public ExportBuilder schedule(Schedule schedule) {
        this.schedule = ConfigurationException.requireNonNull(schedule, "schedule");
        return this;
    }

    /**
     * What each run of a flow exports: {@link ExportMode#FULL} (the default: everything up to the
     * run's cut-off) or {@link ExportMode#FIRST_FULL_THEN_INCREMENTAL} (then only rows ingested
     * after the last successful run's cut-off). Needs {@link #schedule(Schedule)}.
     *
     * @param mode the mode
     * @return this builder
     * @throws ConfigurationException when null
     */
    public ExportBuilder mode(ExportMode mode) {
        settings.mode(mode);
        this.modeSet = true;
        return this;
    }

    /**
     * Holds each run's cut-off back by this much behind the run's start, for sources whose rows
     * arrive (get their ingestion time) late: a row ingested at 09:58 that only becomes visible
     * at 10:03 is still exported with a lag of at least 5 minutes. Default zero.
     *
     * @param lag not negative
     * @return this builder
     * @throws ConfigurationException when null or negative
     */
    public ExportBuilder incrementalLag(Duration lag) {
        settings.incrementalLag(lag);
        return this;
    }

    /**
     * Applies a whole settings value at once (for example one loaded from configuration), replacing
     * every setting made before; later setter calls change it further. A format instance set with
     * {@link #format(Format)} still wins over the settings' format name.
     *
     * @param settings the settings
     * @return this builder
     * @throws ConfigurationException when null
     */
    public ExportBuilder settings(ExportSettings settings) {
        ConfigurationException.requireNonNull(settings, "settings");
        this.settings = settings.toBuilder();
        this.modeSet = this.modeSet || settings.mode() != ExportMode.FULL;
        return this;
    }

    /**
     * @return the settings collected so far, as one immutable value (the format instance of
     *         {@link #format(Format)} is recorded by its name)
     */
    public ExportSettings settings() {
        ExportSettings.Builder copy = settings.build().toBuilder();
        if (format != null) {
            copy.format(format.name());
        }
        if (encryption != null) {
            copy.encryption(Encryption.defaultKeyName(encryption));
        }
        return copy.build();
    }

    /**
     * Starts a scheduled flow: hands everything set here to a {@link FlowHost} — in practice an
     * {@code ExportScheduler} of the {@code export-flows} artifact — which persists the flow's
     * definition in its state store (or, when a flow with this {@link #flowId(String)} exists,
     * re-attaches to it, keeping its watermark and history, and recording a changed definition in
     * its history) and returns its handle. The scheduler registers the dataset in its
     * {@code datasets()}, the destination in its {@code connections()} under its id, and an
     * encryption key in its {@code encryptionKeys()}, so the flow re-attaches after a restart once
     * the app registers them again; settings that name a key without an {@link #encryption(Encryption)}
     * instance take it from there. Runs use the scheduler's clock. A destination built from a URI
     * ({@link #to(String)}) is owned by the host from here on (closed by the scheduler's
     * {@code close()}, or right away when starting fails). The request is a snapshot: changing this
     * builder afterwards does not change the started flow.
     *
     * <pre>{@code
     * ExportFlow flow = DatasetExport.from(dataset).to(destination).schedule(Schedule.everyHours(1)).start(scheduler);
     * }</pre>
     *
     * @param host the host that runs it, such as an {@code ExportScheduler}
     * @param <F> the host's flow handle, {@code ExportFlow} for the scheduler
     * @return the flow
     * @throws ConfigurationException when no schedule or destination is set, settings do not fit
     *         together, the settings name an encryption key the host does not know, or the mode is
     *         incremental and the dataset has no ingestion time
     */
    public <F> F start(FlowHost<F> host) {
        ConfigurationException.requireNonNull(host, "host");
        ConfigurationException.check(schedule != null, "start(scheduler) needs schedule(...): when should the flow run?");
        ExportSettings resolved = settings();
        return host.start(new FlowRequest(dataset, schedule, resolved, encryption, key -> plan(resolved, key)));
    }

    /**
     * Runs one full export now, in the calling thread (plus {@code parallelism - 1} workers).
     * Either every file and the manifest are committed, or the run fails and nothing it wrote
     * remains. The run's scheduled time ({@code exportTime=} folder, manifest) is the clock's
     * time in whole seconds.
     *
     * @return what was exported
     * @throws ConfigurationException when the settings do not fit together (checked before any data is read)
     * @throws RecordException when a row does not match the schema
     * @throws DestinationException when the destination fails
     * @throws ExportException for any other failure, with the cause
     */
    public ExportResult run() {
        ConfigurationException.check(schedule == null,
                "schedule(...) makes a flow: call start(scheduler) instead of run()");
        ConfigurationException.check(!modeSet,
                "mode(...) applies to scheduled flows: add schedule(...) and call start(scheduler)");
        ExportPlan plan = plan(settings(), encryption);
        try {
            Instant now = plan.clock().instant().truncatedTo(ChronoUnit.SECONDS);
            // the cut-off comes from the source's clock when it has one (a database), else from ours
            return ExportRunner.run(plan, TimeWindow.upTo(dataset.currentTime().orElse(now)), now);
        } finally {
            if (plan.ownsDestination()) {
                plan.destination().close();
            }
        }
    }

    /**
     * What {@link #run()} would do, without doing it: every check {@code run()} makes before it
     * reads (settings, format against schema and compression, the policy, the dataset's split
     * planning) runs and throws as it would; the destination's {@code check()} runs and its
     * failure is reported in the preview. No row is read and nothing is written (the check's own
     * probe, if the destination uses one, is removed by the check).
     *
     * @return the preview: folder, example file names, splits, schema after the policy, window,
     *         destination check
     * @throws ConfigurationException as {@link #run()} would before reading
     * @throws org.datasetexport.policy.PolicyViolationException when the policy denies the export
     */
    public ExportPreview dryRun() {
        ConfigurationException.check(schedule == null,
                "schedule(...) makes a flow: start(scheduler) it and call dryRun() on the flow");
        ConfigurationException.check(!modeSet,
                "mode(...) applies to scheduled flows: add schedule(...), start(scheduler) it and call dryRun() on the flow");
        ExportPlan plan = plan(settings(), encryption);
        try {
            Instant now = plan.clock().instant().truncatedTo(ChronoUnit.SECONDS);
            return ExportRunner.preview(plan, TimeWindow.upTo(dataset.currentTime().orElse(now)), now);
        } finally {
            if (plan.ownsDestination()) {
                plan.destination().close();
            }
        }
    }

    private ExportPlan plan(ExportSettings resolved, Encryption key) {
        ConfigurationException.check(destination != null || destinationUri != null,
                "no destination: call to(String uri) or to(Destination) before run()");
        ConfigurationException.check(key != null || resolved.encryption().isEmpty(),
                "the settings encrypt with the key \"%s\" but no key was given: call encryption(Encryption.openPgp(publicKey)), "
                        + "or start(scheduler) with the key registered in scheduler.encryptionKeys()",
                resolved.encryption().orElse(""));
        // the dataset id becomes a folder name: checked here for every dataset, built-in or the user's own
        StoragePaths.requireValidSegment(dataset.id(), "dataset id");
        ProviderRegistry registry = ProviderRegistry.instance();
        Format resolvedFormat = format != null ? format : registry.format(resolved.format(), resolved.formatOptions());
        FormatCheck.require(resolvedFormat, resolved.compression(), dataset);
        PartitionLayout.of(resolved.partitions(), dataset.schema(), dataset.id());
        boolean owns = destination == null;
        Destination resolvedDestination = owns ? registry.destination(destinationUri, destinationOptions) : destination;
        String folder = resolved.folder();
        String resolvedFlowId = flowId != null ? flowId : StoragePaths.sanitizeSegment(
                dataset.id() + "-" + resolvedDestination.id() + (folder.isEmpty() ? "" : "-" + folder));
        return new ExportPlan(resolved, dataset, resolvedDestination,
                owns ? DestinationSpec.of(destinationUri, destinationOptions) : null, owns, resolvedFormat, key, listeners, policy,
                clock, resolvedFlowId);
    }
}
