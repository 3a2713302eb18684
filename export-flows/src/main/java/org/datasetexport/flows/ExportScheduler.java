package org.datasetexport.flows;

import org.datasetexport.DatasetExport;
import org.datasetexport.Destinations;
import org.datasetexport.ExportBuilder;
import org.datasetexport.ExportMode;
import org.datasetexport.Schedule;
import org.datasetexport.flows.service.Authorizer;
import org.datasetexport.flows.service.ExportService;
import org.datasetexport.testing.MutableClock;
import org.datasetexport.ConfigurationException;
import org.datasetexport.DestinationSpec;
import org.datasetexport.Encryption;
import org.datasetexport.ExportException;
import org.datasetexport.ExportListener;
import org.datasetexport.ExportSettings;
import org.datasetexport.FlowHost;
import org.datasetexport.FlowRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.datasetexport.data.Dataset;
import org.datasetexport.engine.ExportPlan;
import org.datasetexport.engine.FormatCheck;
import org.datasetexport.engine.PartitionLayout;
import org.datasetexport.flows.internal.FlowChecks;
import org.datasetexport.flows.internal.FlowRunner;
import org.datasetexport.engine.ProviderRegistry;
import org.datasetexport.flows.internal.state.DefinitionDiff;
import org.datasetexport.flows.internal.state.FlowJson;
import org.datasetexport.policy.ExportPolicy;
import org.datasetexport.flows.service.Connections;
import org.datasetexport.flows.service.DatasetCatalog;
import org.datasetexport.flows.service.EncryptionKeys;
import org.datasetexport.spi.Destination;
import org.datasetexport.spi.Format;
import org.datasetexport.flows.state.StoredFlow;
import org.datasetexport.flows.state.UnreadableStateException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs flows when their slots come due. Embeddable: one per app, closed with the app.
 *
 * <pre>{@code
 * try (ExportScheduler scheduler = ExportScheduler.builder().build()) {
 *     ExportFlow flow = DatasetExport.from(dataset).to(destination).format("json")
 *             .schedule(Schedule.everyHours(3)).mode(ExportMode.FIRST_FULL_THEN_INCREMENTAL)
 *             .start(scheduler);
 *     ...
 * }
 * }</pre>
 *
 * <p>Defaults: the system UTC clock, an in-memory state store (nothing is written to disk unless a
 * store is given; a warning says so), a
 * poll every 15 seconds on a single daemon thread of its own, runs on daemon threads of its own,
 * {@code close()} waiting 30 seconds for running exports before cancelling them, run leases of
 * {@value #DEFAULT_RUN_LEASE_MINUTES} minutes renewed by a daemon thread of its own.
 *
 * <p>On {@link Builder#build()} the scheduler re-attaches every persisted flow whose dataset (in
 * {@link #datasets()}) and connection (in {@link #connections()}) are registered; a flow whose
 * parts are not registered yet attaches when it is started again with the same flow id. Slots
 * missed while the app was down are caught up by one run whose window covers them all
 * ({@link RunTrigger#CATCH_UP}). Scheduled runs never throw into the executor: failures are
 * recorded in the run history. Thread-safe.
 *
 * <p>The scheduler checks no permissions: it is an object of the embedding app, and whoever holds
 * it could read the state store directly. Requests made on behalf of users go through
 * {@link org.datasetexport.flows.service.ExportService}, which checks every call (and every call on the
 * flow handles it returns) against its {@code Authorizer}.
 *
 * <p>Destinations the SDK built from a URI for a started flow ({@code to("s3://…").start(scheduler)})
 * belong to the scheduler and are closed by {@link #close()} (or when their flow is deleted or
 * re-attached with another destination). Destinations the app registered or passed in stay the app's.
 */
public final class ExportScheduler implements FlowHost<ExportFlow>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExportScheduler.class);
    /** Minutes of {@link Builder#runLease(Duration)} by default. */
    public static final int DEFAULT_RUN_LEASE_MINUTES = 5;
    /** How many runs per flow the history keeps unless {@link Builder#historyLimit(int)} says otherwise. */
    public static final int DEFAULT_HISTORY_LIMIT = 1000;
    private static final Duration DEFAULT_RUN_LEASE = Duration.ofMinutes(DEFAULT_RUN_LEASE_MINUTES);

    private final Clock clock;
    private final StateStore store;
    private final boolean ownsStore;
    private final ScheduledExecutorService poller;
    private final boolean ownsPoller;
    private final ExecutorService runPool;
    private final Duration closeTimeout;
    private final Duration runLease;
    private final boolean leasesOnStoreClock;
    private final int historyLimit;
    /** Renews the leases of runs in progress here; a thread of our own, so a busy poller cannot starve it. */
    private final ScheduledExecutorService heartbeats;
    private final DatasetCatalog datasets;
    private final Connections connections;
    private final EncryptionKeys encryptionKeys;
    private final ExportPolicy policy;
    /** Listeners every run of every flow here reports to (metrics, audit), after the flow's own. */
    private final List<ExportListener> listeners;
    private final Map<String, FlowRunner> flows = new ConcurrentHashMap<>();
    /** Destinations built from URIs for flows started here, by flow id: ours to close. */
    private final Map<String, Destination> ownedDestinations = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final long pollMillis;
    /** The periodic poll once started (guarded by {@code this}); null before {@link #startPolling()} and without polling. */
    private ScheduledFuture<?> polling;

    private ExportScheduler(Builder b) {
        this.clock = b.clock;
        this.ownsStore = b.store == null;
        this.store = b.store != null ? b.store : StateStore.inMemory();
        if (b.store == null) {
            LOG.warn("No state store given: flows, watermarks and run history live in memory and are gone when this "
                    + "JVM stops; give stateStore(StateStore.directory(path)) or StateStore.jdbc(dataSource) to keep them");
        }
        this.historyLimit = b.historyLimit;
        this.closeTimeout = b.closeTimeout;
        this.runLease = b.runLease;
        this.leasesOnStoreClock = b.leasesOnStoreClock != null ? b.leasesOnStoreClock : !b.clockGiven;
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "datasetexport-lease");
            t.setDaemon(true);
            return t;
        });
        this.datasets = b.datasets;
        this.connections = b.connections;
        this.encryptionKeys = b.encryptionKeys;
        this.policy = b.policy;
        this.listeners = List.copyOf(b.listeners);
        AtomicInteger n = new AtomicInteger();
        this.runPool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "datasetexport-flow-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        restoreFlows();
        try {
            b.flows.forEach((definition, source) -> {
                try {
                    createFlow(definition);
                } catch (ConfigurationException e) {
                    throw new ConfigurationException(source + ": " + e.getMessage(), e);
                }
            });
        } catch (RuntimeException e) {
            // nothing polls yet: no run started; release what the constructor made
            runPool.shutdownNow();
            heartbeats.shutdownNow();
            ownedDestinations.values().forEach(ExportScheduler::closeQuietly);
            if (ownsStore) {
                store.close();
            }
            throw e;
        }
        if (b.pollInterval == null) {
            this.poller = null;
            this.ownsPoller = false;
            this.pollMillis = 0;
        } else {
            this.ownsPoller = b.executor == null;
            this.poller = b.executor != null ? b.executor : Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "datasetexport-scheduler");
                t.setDaemon(true);
                return t;
            });
            this.pollMillis = b.pollInterval.toMillis();
            if (!b.deferPolling) {
                startPolling();
            }
        }
    }

    /**
     * Starts the background polling of a scheduler built with {@link Builder#deferPolling()} (a
     * container starts it once the application is up; the Spring starter does so when the context
     * has been refreshed). Does nothing when polling runs already, or the scheduler polls never
     * ({@link Builder#withoutBackgroundPolling()}).
     *
     * @throws ExportException when the scheduler is closed
     */
    public synchronized void startPolling() {
        requireOpen();
        if (poller != null && polling == null) {
            polling = poller.scheduleWithFixedDelay(this::pollSafely, 0, pollMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** @return whether the background polling runs: started, and not closed */
    public synchronized boolean isPolling() {
        return polling != null && !closed.get();
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the catalog persisted flows resolve their dataset in */
    public DatasetCatalog datasets() {
        return datasets;
    }

    /** @return the connections persisted flows resolve their destination in */
    public Connections connections() {
        return connections;
    }

    /** @return the encryption keys persisted flows resolve their {@code ExportSettings.encryption()} name in */
    public EncryptionKeys encryptionKeys() {
        return encryptionKeys;
    }

    /** @return the state store */
    public StateStore stateStore() {
        return store;
    }

    /** @return the scheduler's clock */
    public Clock clock() {
        return clock;
    }

    /** @return the attached flows, sorted by id */
    public List<ExportFlow> flows() {
        return flows.values().stream().map(f -> (ExportFlow) f).sorted(Comparator.comparing(ExportFlow::id)).toList();
    }

    /**
     * @param flowId a flow id
     * @return the attached flow, if any
     */
    public Optional<ExportFlow> flow(String flowId) {
        return Optional.ofNullable(flows.get(flowId));
    }

    /**
     * Runs every due slot now, in the calling thread, one flow after another. For tests: with a
     * {@code MutableClock} and {@link Builder#withoutBackgroundPolling()}, time moves only by hand.
     *
     * @return the runs that were executed, finished
     */
    public List<ExportRun> runDue() {
        requireOpen();
        List<ExportRun> runs = new ArrayList<>();
        for (ExportFlow flow : flows()) {
            FlowRunner runner = (FlowRunner) flow;
            runner.claimDue().ifPresent(claim -> runs.add(runner.execute(claim)));
        }
        return runs;
    }

    private void pollSafely() {
        try {
            for (FlowRunner runner : flows.values()) {
                if (closed.get()) {
                    return;
                }
                runner.claimDue().ifPresent(claim -> runPool.execute(() -> runner.execute(claim)));
            }
        } catch (RuntimeException e) {
            if (closed.get()) {
                // close() interrupted the poll (its state write stopped); nothing was claimed that a restart does not see
                LOG.debug("Export scheduler poll stopped by close(): {}", e.getMessage());
                return;
            }
            // never let an exception cancel the periodic task
            LOG.error("Export scheduler poll failed; trying again at the next poll", e);
        }
    }

    /** @return the policy flows use when they bring none, if configured */
    public Optional<ExportPolicy> policy() {
        return Optional.ofNullable(policy);
    }

    /**
     * Creates a flow from a definition whose dataset, connection and encryption key (if any) are
     * registered here, or re-attaches to the stored flow with that id: the watermark and history
     * carry over, and a changed definition is recorded in the history
     * ({@link RunTrigger#DEFINITION_CHANGE}). This is what {@code ExportService.createFlow} calls
     * after its permission check.
     *
     * @param definition the flow
     * @return the attached flow
     * @throws ConfigurationException when the dataset, connection, format or key is unknown, the
     *         format cannot write the dataset, or the mode is incremental and the dataset has no ingestion time
     */
    public ExportFlow createFlow(FlowDefinition definition) {
        ConfigurationException.requireNonNull(definition, "definition");
        requireOpen();
        ExportPlan plan = resolve(definition, List.of(), null, null);
        ExportSettings settings = definition.settings();
        FormatCheck.require(plan.format(), settings.compression(), plan.dataset());
        PartitionLayout.of(settings.partitions(), plan.dataset().schema(), plan.dataset().id());
        FlowChecks.requireIngestionTime(plan.dataset(), settings.mode());
        return attach(definition, plan, false);
    }

    /**
     * Attaches a flow started with {@code ExportBuilder.start}: registers its dataset, destination
     * and encryption key here, then attaches it. Takes ownership of a destination the builder
     * built from a URI.
     */
    /**
     * Starts a flow {@link org.datasetexport.ExportBuilder#start(FlowHost)} describes: called by the
     * builder, not by applications ({@code DatasetExport.from(ds)…schedule(…).start(scheduler)}).
     * Settings that name an encryption key without an instance take it from
     * {@link #encryptionKeys()}; the dataset, destination and key are registered here, and a
     * destination built from a URI is owned by this scheduler from here on.
     *
     * @param request the builder's request
     * @return the flow
     * @throws ConfigurationException when the request cannot be started, or this scheduler is closed
     */
    @Override
    public ExportFlow start(FlowRequest request) {
        ConfigurationException.requireNonNull(request, "request");
        ExportSettings resolved = request.settings();
        FlowChecks.requireIngestionTime(request.dataset(), resolved.mode());
        Encryption key = request.encryption().orElseGet(() -> resolved.encryption().flatMap(encryptionKeys::key).orElse(null));
        ExportPlan plan = request.plan(key);
        try {
            FlowDefinition definition = FlowDefinition.builder().flowId(plan.flowId()).datasetId(plan.dataset().id())
                    .connection(plan.destination().id()).schedule(request.schedule()).settings(resolved).build();
            return attachStarted(definition, plan);
        } catch (RuntimeException | Error e) {
            if (plan.ownsDestination()) {
                try {
                    plan.destination().close();
                } catch (RuntimeException closeFailure) {
                    e.addSuppressed(closeFailure);
                }
            }
            throw e;
        }
    }

    private     ExportFlow attachStarted(FlowDefinition definition, ExportPlan plan) {
        requireOpen();
        if (plan.encryption() != null) {
            encryptionKeys.register(definition.settings().encryption().orElseThrow(), plan.encryption());
        }
        datasets.register(plan.dataset());
        connections.register(plan.destination().id(), plan.destination(), plan.destinationSpec());
        ExportPlan flowPlan = new ExportPlan(definition.settings(), plan.dataset(), plan.destination(), plan.destinationSpec(), false,
                plan.format(), plan.encryption(), withOurs(plan.listeners()), plan.policy() != null ? plan.policy() : policy, clock,
                definition.flowId());
        return attach(definition, flowPlan, plan.ownsDestination());
    }

    /** Resolves a definition's parts in the registries (and the format through the providers). */
    private ExportPlan resolve(FlowDefinition definition, List<ExportListener> listeners, ExportPolicy flowPolicy,
                               Destination destination) {
        ExportSettings settings = definition.settings();
        Dataset dataset = datasets.dataset(definition.datasetId()).orElseThrow(() -> new ConfigurationException(
                "no dataset \"" + definition.datasetId() + "\" in the catalog; registered: "
                        + datasets.datasets().stream().map(Dataset::id).toList()));
        Destination resolvedDestination = destination != null ? destination : connections.destination(definition.connection())
                .orElseThrow(() -> new ConfigurationException("no connection named \"" + definition.connection()
                        + "\"; registered: " + connections.names()));
        Encryption encryption = settings.encryption().map(name -> encryptionKeys.key(name).orElseThrow(() ->
                new ConfigurationException("flow \"" + definition.flowId() + "\" encrypts with the key \"" + name
                        + "\", which is not registered; register it with encryptionKeys().register(\"" + name
                        + "\", Encryption.openPgp(publicKey)); registered: " + encryptionKeys.names()))).orElse(null);
        Format format = ProviderRegistry.instance().format(settings.format(), settings.formatOptions());
        DestinationSpec spec = destination != null ? null : connections.spec(definition.connection()).orElse(null);
        return new ExportPlan(settings, dataset, resolvedDestination, spec, false, format, encryption, withOurs(listeners),
                flowPolicy != null ? flowPolicy : policy, clock, definition.flowId());
    }

    private List<ExportListener> withOurs(List<ExportListener> own) {
        if (listeners.isEmpty()) {
            return own;
        }
        List<ExportListener> all = new java.util.ArrayList<>(own);
        all.addAll(listeners);
        return List.copyOf(all);
    }

    /**
     * Stores a new definition or updates the stored one (keeping watermark and history, recording
     * a change), and attaches the flow.
     */
    private ExportFlow attach(FlowDefinition definition, ExportPlan plan, boolean ownsDestination) {
        String json = definition.toJson();
        if (!store.insert(StoredFlow.created(definition.flowId(), json, clock.instant()))) {
            updateDefinition(definition, json);
        }
        FlowRunner runner = new FlowRunner(definition, plan, store, runLease, heartbeats, historyLimit, leasesOnStoreClock);
        FlowRunner previous = flows.put(definition.flowId(), runner);
        if (isPolling()) {
            // a flow created on a running scheduler is looked at now, not a poll interval later
            poller.execute(this::pollSafely);
        }
        Destination previouslyOwned = ownsDestination ? ownedDestinations.put(definition.flowId(), plan.destination())
                : ownedDestinations.remove(definition.flowId());
        if (previouslyOwned != null && previouslyOwned != plan.destination()) {
            closeWhenIdle(previous, previouslyOwned);
        }
        return runner;
    }

    private void updateDefinition(FlowDefinition definition, String json) {
        for (int attempt = 0; ; attempt++) {
            StoredFlow current = store.flow(definition.flowId()).orElseThrow();
            ConfigurationException.check(current.status() != FlowStatus.CANCELLED,
                    "flow \"%s\" was cancelled; delete it or start the flow with another flowId", definition.flowId());
            if (current.definitionJson().equals(json)) {
                return;
            }
            FlowDefinition stored = storedDefinition(current);
            String changes = DefinitionDiff.describe(stored, definition);
            if (store.replace(current, current.withDefinition(json))) {
                if (!changes.isEmpty()) {
                    // an equal definition in an older JSON form is only rewritten; a real change goes in the history
                    store.saveRun(ExportRun.definitionChanged(UUID.randomUUID().toString(), definition.flowId(),
                            clock.instant(), current.watermark(), changes));
                    LOG.info("Flow {} definition changed: {}", definition.flowId(), changes);
                }
                return;
            }
            if (attempt > 50) {
                throw new ExportException("flow \"" + definition.flowId() + "\" kept changing while being attached");
            }
        }
    }

    private FlowDefinition storedDefinition(StoredFlow stored) {
        try {
            return FlowDefinition.fromJson(stored.definitionJson());
        } catch (ConfigurationException e) {
            throw new UnreadableStateException(stored.flowId(), store.toString(), e.getMessage(), e);
        }
    }

    /** A replaced flow's own destination is closed once its run (if any) has finished. */
    private static void closeWhenIdle(FlowRunner previous, Destination destination) {
        if (previous == null) {
            closeQuietly(destination);
        } else {
            previous.whenIdle(() -> closeQuietly(destination));
        }
    }

    private static void closeQuietly(Destination destination) {
        try {
            destination.close();
        } catch (RuntimeException e) {
            LOG.warn("Closing destination {} failed: {}", destination.id(), e.getMessage());
        }
    }

    /**
     * Detaches a flow, cancels its run in progress, and deletes its definition, state and history
     * from the store. This is what {@code ExportService.delete} calls after its permission check.
     *
     * @param flowId the flow
     * @return whether a flow with that id was attached or stored
     */
    public boolean deleteFlow(String flowId) {
        ConfigurationException.requireNonNull(flowId, "flowId");
        FlowRunner runner = flows.remove(flowId);
        if (runner != null) {
            runner.interruptRun();
        }
        boolean existed = runner != null || store.flow(flowId).isPresent();
        store.delete(flowId);
        Destination owned = ownedDestinations.remove(flowId);
        if (owned != null) {
            closeWhenIdle(runner, owned);
        }
        return existed;
    }

    private void restoreFlows() {
        for (StoredFlow stored : store.flows()) {
            if (stored.status() == FlowStatus.CANCELLED) {
                continue;
            }
            try {
                FlowDefinition def = storedDefinition(stored);
                Optional<String> missing = missingParts(def);
                if (missing.isPresent()) {
                    LOG.info("Flow {} not attached yet: {}", def.flowId(), missing.get());
                    continue;
                }
                ExportPlan plan = resolve(def, List.of(), null, null);
                rewriteInCurrentForm(stored, def);
                flows.put(def.flowId(), new FlowRunner(def, plan, store, runLease, heartbeats, historyLimit, leasesOnStoreClock));
            } catch (ExportException e) {
                LOG.warn("Flow {} could not be restored: {}", stored.flowId(), e.getMessage());
            }
        }
    }

    /** A definition stored in an older JSON form is rewritten in the current one; nothing about the flow changes. */
    private void rewriteInCurrentForm(StoredFlow stored, FlowDefinition def) {
        String json = def.toJson();
        if (!stored.definitionJson().equals(json) && store.replace(stored, stored.withDefinition(json))) {
            LOG.info("Flow {}: definition rewritten in state format version {}", def.flowId(), FlowJson.FORMAT_VERSION);
        }
    }

    /** What a persisted flow still needs registered before it can attach, if anything. */
    private Optional<String> missingParts(FlowDefinition def) {
        List<String> missing = new ArrayList<>();
        if (datasets.dataset(def.datasetId()).isEmpty()) {
            missing.add("dataset \"" + def.datasetId() + "\" not registered");
        }
        if (connections.destination(def.connection()).isEmpty()) {
            missing.add("connection \"" + def.connection() + "\" not registered");
        }
        // the key is not persisted: never run an encrypted flow unencrypted
        def.settings().encryption().filter(name -> encryptionKeys.key(name).isEmpty())
                .ifPresent(name -> missing.add("encryption key \"" + name + "\" not registered"));
        return missing.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", missing));
    }

    private void requireOpen() {
        if (closed.get()) {
            throw new ExportException("the export scheduler is closed");
        }
    }

    /**
     * Stops polling, waits up to the close timeout for running exports, then cancels the rest
     * (recorded CANCELLED, nothing left behind) and releases the threads it created. Executors
     * handed in by the caller are not shut down. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        synchronized (this) {
            if (polling != null) {
                polling.cancel(false);
            }
        }
        if (ownsPoller) {
            poller.shutdownNow();
        }
        runPool.shutdown();
        try {
            // wait for scheduled runs (run pool) and manual runs (callers' threads) up to the timeout
            long deadline = System.nanoTime() + closeTimeout.toNanos();
            while (busy() && System.nanoTime() < deadline) {
                runPool.awaitTermination(10, TimeUnit.MILLISECONDS);
            }
            if (busy()) {
                LOG.warn("Export runs still going after {}; cancelling them", closeTimeout);
                flows.values().forEach(FlowRunner::interruptRun);
                long cancelDeadline = System.nanoTime() + closeTimeout.toNanos();
                while (busy() && System.nanoTime() < cancelDeadline) {
                    runPool.awaitTermination(10, TimeUnit.MILLISECONDS);
                }
            }
        } catch (InterruptedException e) {
            flows.values().forEach(FlowRunner::interruptRun);
            Thread.currentThread().interrupt();
        }
        runPool.shutdownNow();
        heartbeats.shutdownNow();
        awaitThreadsGone();
        ownedDestinations.values().forEach(ExportScheduler::closeQuietly);
        ownedDestinations.clear();
        if (ownsStore) {
            store.close();
        }
    }

    /** The threads we created are gone when close() returns (a poll in progress finishes its claim first). */
    private void awaitThreadsGone() {
        try {
            if (ownsPoller && !poller.awaitTermination(closeTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("The export scheduler's polling thread did not stop within {}", closeTimeout);
            }
            if (!runPool.awaitTermination(closeTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Export run threads did not stop within {}", closeTimeout);
            }
            heartbeats.awaitTermination(closeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean busy() {
        return !runPool.isTerminated() || flows.values().stream().anyMatch(FlowRunner::isRunningHere);
    }

    /** Builds an {@link ExportScheduler}. Not thread-safe. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private StateStore store;
        private ScheduledExecutorService executor;
        private Duration pollInterval = Duration.ofSeconds(15);
        private Duration closeTimeout = Duration.ofSeconds(30);
        private Duration runLease = DEFAULT_RUN_LEASE;
        private Boolean leasesOnStoreClock;
        private boolean clockGiven;
        private int historyLimit = DEFAULT_HISTORY_LIMIT;
        private boolean deferPolling;
        private DatasetCatalog datasets = new DatasetCatalog();
        private Connections connections = new Connections();
        private EncryptionKeys encryptionKeys = new EncryptionKeys();
        private ExportPolicy policy;
        private final List<ExportListener> listeners = new java.util.ArrayList<>();
        private final Map<FlowDefinition, String> flows = new java.util.LinkedHashMap<>();

        private Builder() {
        }

        /**
         * A flow {@link #build()} creates (or re-attaches, as {@link ExportScheduler#createFlow})
         * before the first poll: when any flow given here cannot be created, {@code build()} fails
         * and no flow has run — unlike flows created one by one on a polling scheduler, where the
         * first could start its due slot before a later one is refused.
         *
         * @param definition the flow; its dataset, connection and key must be in this builder's catalogs
         * @param source where the definition came from, the prefix of a refusal's message
         *               ({@code datasetexport.flows.nightly}, {@code flows.nightly} of a YAML file)
         * @return this builder
         */
        public Builder flow(FlowDefinition definition, String source) {
            flows.put(ConfigurationException.requireNonNull(definition, "definition"),
                    ConfigurationException.requireNonNull(source, "source"));
            return this;
        }

        /**
         * @param listener told about every run of every flow of this scheduler, after the flow's own
         *                 listeners (for example {@code ExportMetrics} from export-micrometer); may
         *                 be called several times
         * @return this builder
         */
        public Builder listener(ExportListener listener) {
            this.listeners.add(ConfigurationException.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * @param policy evaluated before every run of flows that bring no policy of their own (restored flows included)
         * @return this builder
         */
        public Builder policy(ExportPolicy policy) {
            this.policy = ConfigurationException.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * @param clock decides when slots are due and each run's cut-off; a test seam (pass a
         *        {@code MutableClock}); default system UTC
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = ConfigurationException.requireNonNull(clock, "clock");
            this.clockGiven = true;
            return this;
        }

        /**
         * @param store where flows, watermarks and history live; default an in-memory store, gone
         *        when the JVM stops (closed with the scheduler; a store handed in is not)
         * @return this builder
         */
        public Builder stateStore(StateStore store) {
            this.store = ConfigurationException.requireNonNull(store, "stateStore");
            return this;
        }

        /**
         * @param executor runs the periodic poll; not shut down by {@code close()}. Default: a daemon thread of its own.
         * @return this builder
         */
        public Builder executor(ScheduledExecutorService executor) {
            this.executor = ConfigurationException.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * @param interval how often to look for due slots; default 15 seconds
         * @return this builder
         */
        public Builder pollInterval(Duration interval) {
            ConfigurationException.requireNonNull(interval, "pollInterval");
            ConfigurationException.check(!interval.isNegative() && !interval.isZero() , "pollInterval must be positive, got %s", interval);
            this.pollInterval = interval;
            return this;
        }

        /**
         * No background polling: flows run only when {@link ExportScheduler#runDue()} or
         * {@link ExportFlow#runNow()} is called. A test seam, for deterministic tests.
         *
         * @return this builder
         */
        public Builder withoutBackgroundPolling() {
            this.pollInterval = null;
            return this;
        }

        /**
         * Background polling starts only when {@link ExportScheduler#startPolling()} is called, not
         * at {@code build()}: for containers that create the scheduler early and start work once the
         * application is up, so a start-up that fails later has run no export.
         *
         * @return this builder
         */
        public Builder deferPolling() {
            this.deferPolling = true;
            return this;
        }

        /**
         * @param timeout how long {@code close()} waits for running exports before cancelling them; default 30 s
         * @return this builder
         */
        public Builder closeTimeout(Duration timeout) {
            this.closeTimeout = ConfigurationException.requireNonNull(timeout, "closeTimeout");
            return this;
        }

        /**
         * How many runs of each flow the run history keeps: when a run is recorded, the oldest
         * beyond this many are removed. Default {@value #DEFAULT_HISTORY_LIMIT}.
         *
         * @param runsPerFlow at least 1
         * @return this builder
         * @throws ConfigurationException when less than 1
         */
        public Builder historyLimit(int runsPerFlow) {
            ConfigurationException.check(runsPerFlow >= 1, "historyLimit must be at least 1, got %s", runsPerFlow);
            this.historyLimit = runsPerFlow;
            return this;
        }

        /**
         * Where leases are measured. By default on the state store's clock where it has one (the
         * JDBC store: the database's {@code CURRENT_TIMESTAMP}), so skew between the machines of
         * schedulers sharing it cannot make a live run look abandoned — unless this scheduler was
         * given a clock of its own ({@link #clock}), which then governs leases too (tests move time
         * by hand). Pass true to measure on the store's clock anyway, false to use the scheduler's.
         *
         * @param onStoreClock whether leases are measured on the store's clock where it has one
         * @return this builder
         */
        public Builder leasesOnStoreClock(boolean onStoreClock) {
            this.leasesOnStoreClock = onStoreClock;
            return this;
        }

        /**
         * How long a run's claim holds without renewal. A run renews it every third of that while
         * it is alive; when a scheduler stops (a crash, a kill, a hang longer than this), another
         * scheduler sharing the store, or this one restarted, takes the run over once the lease has
         * expired: recorded SUCCEEDED if it got as far as its manifest, FAILED otherwise, and its
         * window runs again at once. A slow owner that wakes up after that cannot publish: runs are
         * fenced at their commit point by a compare-and-set on the state store, so clocks that
         * disagree cost repeated work, never a duplicate. Measured on the store's clock where it has one
         * (see {@link #leasesOnStoreClock}), else on the scheduler's. Default
         * {@value #DEFAULT_RUN_LEASE_MINUTES} minutes: long enough for a state store hiccup or a GC
         * pause, short enough that a crash costs minutes, not a day.
         *
         * @param lease at least one second
         * @return this builder
         * @throws ConfigurationException when null or shorter than a second
         */
        public Builder runLease(Duration lease) {
            ConfigurationException.requireNonNull(lease, "runLease");
            ConfigurationException.check(lease.compareTo(Duration.ofSeconds(1)) >= 0, "runLease must be at least 1 s, got %s", lease);
            this.runLease = lease;
            return this;
        }

        /**
         * @param catalog where persisted flows find their dataset; default an empty catalog
         * @return this builder
         */
        public Builder datasets(DatasetCatalog catalog) {
            this.datasets = ConfigurationException.requireNonNull(catalog, "datasets");
            return this;
        }

        /**
         * @param connections where persisted flows find their destination; default empty
         * @return this builder
         */
        public Builder connections(Connections connections) {
            this.connections = ConfigurationException.requireNonNull(connections, "connections");
            return this;
        }

        /**
         * @param keys where persisted encrypted flows find their key by name; default empty
         * @return this builder
         */
        public Builder encryptionKeys(EncryptionKeys keys) {
            this.encryptionKeys = ConfigurationException.requireNonNull(keys, "encryptionKeys");
            return this;
        }

        /** @return the scheduler, with persisted flows re-attached and polling started */
        public ExportScheduler build() {
            return new ExportScheduler(this);
        }
    }
}
