package org.datasetexport;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.nio.file.Path;
import org.datasetexport.data.Dataset;
import org.datasetexport.internal.flow.FlowRunner;
import org.datasetexport.internal.registry.ProviderRegistry;
import org.datasetexport.spi.Destination;
import org.datasetexport.spi.Format;
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
 * <p>Defaults: the system UTC clock, a directory state store under {@code ./.datasetexport}, a
 * poll every 15 seconds on a single daemon thread of its own, runs on daemon threads of its own,
 * {@code close()} waiting 30 seconds for running exports before cancelling them.
 *
 * <p>On {@link Builder#build()} the scheduler re-attaches every persisted flow whose dataset (in
 * {@link #datasets()}) and connection (in {@link #connections()}) are registered; a flow whose
 * parts are not registered yet attaches when it is started again with the same flow id. Slots
 * missed while the app was down are caught up by one run whose window covers them all
 * ({@link RunTrigger#CATCH_UP}). Scheduled runs never throw into the executor: failures are
 * recorded in the run history. Thread-safe.
 */
public final class ExportScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExportScheduler.class);

    private final Clock clock;
    private final StateStore store;
    private final boolean ownsStore;
    private final ScheduledExecutorService poller;
    private final boolean ownsPoller;
    private final ExecutorService runPool;
    private final Duration closeTimeout;
    private final Duration staleRunTimeout;
    private final DatasetCatalog datasets;
    private final Connections connections;
    private final org.datasetexport.policy.ExportPolicy policy;
    private final org.datasetexport.policy.Authorizer authorizer;
    private final Map<String, FlowRunner> flows = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ScheduledFuture<?> polling;

    private ExportScheduler(Builder b) {
        this.clock = b.clock;
        this.ownsStore = b.store == null;
        this.store = b.store != null ? b.store : StateStore.directory(Path.of(".datasetexport"));
        this.closeTimeout = b.closeTimeout;
        this.staleRunTimeout = b.staleRunTimeout;
        this.datasets = b.datasets;
        this.connections = b.connections;
        this.policy = b.policy;
        this.authorizer = b.authorizer;
        AtomicInteger n = new AtomicInteger();
        this.runPool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "datasetexport-flow-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        restoreFlows();
        if (b.pollInterval == null) {
            this.poller = null;
            this.ownsPoller = false;
            this.polling = null;
        } else {
            this.ownsPoller = b.executor == null;
            this.poller = b.executor != null ? b.executor : Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "datasetexport-scheduler");
                t.setDaemon(true);
                return t;
            });
            long millis = b.pollInterval.toMillis();
            this.polling = poller.scheduleWithFixedDelay(this::pollSafely, 0, millis, TimeUnit.MILLISECONDS);
        }
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
        return flows.values().stream().map(f -> (ExportFlow) f).sorted(java.util.Comparator.comparing(ExportFlow::id)).toList();
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
            // never let an exception cancel the periodic task
            LOG.error("Export scheduler poll failed; trying again at the next poll", e);
        }
    }

    /**
     * What a flow started from code carries besides its definition; not persisted.
     *
     * @param listeners run listeners
     * @param encryption file encryption, or null
     * @param policy the flow's own policy, or null for the scheduler's
     */
    record FlowExtras(List<ExportListener> listeners, Encryption encryption, org.datasetexport.policy.ExportPolicy policy) {
    }

    /** @return the policy flows use when they bring none, if configured */
    public Optional<org.datasetexport.policy.ExportPolicy> policy() {
        return Optional.ofNullable(policy);
    }

    /**
     * Checks a permission with the configured authorizer; without one, everything is allowed.
     *
     * @param principal who acts, or null
     * @param permission what is needed
     * @param action what is being done
     */
    void authorize(org.datasetexport.policy.Principal principal, org.datasetexport.policy.Permission permission, String action) {
        if (authorizer != null) {
            authorizer.authorize(principal, permission, action);
        }
    }

    /**
     * Attaches a flow (used by {@code ExportBuilder.start} and {@code ExportService}): stores a new
     * definition or updates the stored one (keeping watermark and history), and returns the flow.
     *
     * @param definition the definition
     * @param dataset its dataset
     * @param destination its destination
     * @param format its format
     * @param extras listeners, encryption and policy for its runs
     * @return the attached flow
     */
    ExportFlow attach(FlowDefinition definition, Dataset dataset, Destination destination, Format format,
                      FlowExtras extras) {
        requireOpen();
        String json = definition.toJson();
        StoredFlow fresh = new StoredFlow(definition.flowId(), json, FlowStatus.ACTIVE, clock.instant(), null, null,
                null, null, 0);
        if (!store.insert(fresh)) {
            for (int attempt = 0; ; attempt++) {
                StoredFlow current = store.flow(definition.flowId()).orElseThrow();
                ConfigurationException.check(current.status() != FlowStatus.CANCELLED,
                        "flow \"%s\" was cancelled; delete it or start the flow with another flowId", definition.flowId());
                if (current.definitionJson().equals(json)
                        || store.replace(current, current.next(json, current.status(), current.lastSlot(),
                        current.watermark(), current.runningRunId(), current.runningSince()))) {
                    break;
                }
                if (attempt > 50) {
                    throw new ExportException("flow \"" + definition.flowId() + "\" kept changing while being attached");
                }
            }
        }
        FlowRunner runner = new FlowRunner(definition, dataset, destination, format, extras.listeners(), extras.encryption(),
                extras.policy() != null ? extras.policy() : policy, store, clock, staleRunTimeout);
        flows.put(definition.flowId(), runner);
        return runner;
    }

    /**
     * Detaches a flow and deletes its definition, state and history from the store.
     *
     * @param flowId the flow
     */
    void delete(String flowId) {
        FlowRunner runner = flows.remove(flowId);
        if (runner != null) {
            runner.interruptRun();
        }
        store.delete(flowId);
    }

    private void restoreFlows() {
        for (StoredFlow stored : store.flows()) {
            if (stored.status() == FlowStatus.CANCELLED) {
                continue;
            }
            try {
                FlowDefinition def = FlowDefinition.fromJson(stored.definitionJson());
                Optional<Dataset> dataset = datasets.dataset(def.datasetId());
                Optional<Destination> destination = connections.destination(def.connection());
                if (dataset.isEmpty() || destination.isEmpty()) {
                    LOG.info("Flow {} not attached yet: dataset \"{}\" {} and connection \"{}\" {}", def.flowId(),
                            def.datasetId(), dataset.isPresent() ? "found" : "not registered", def.connection(),
                            destination.isPresent() ? "found" : "not registered");
                    continue;
                }
                if (def.encryption() != null) {
                    // the key is not persisted: never run an encrypted flow unencrypted
                    LOG.info("Flow {} encrypts its files ({}): start it again with its encryption to re-attach it",
                            def.flowId(), def.encryption());
                    continue;
                }
                Format format = ProviderRegistry.instance().format(def.format(), def.formatOptions());
                flows.put(def.flowId(), new FlowRunner(def, dataset.get(), destination.get(), format, List.of(), null,
                        policy, store, clock, staleRunTimeout));
            } catch (ExportException e) {
                LOG.warn("Flow {} could not be restored: {}", stored.flowId(), e.getMessage());
            }
        }
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
        if (polling != null) {
            polling.cancel(false);
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
        if (ownsStore) {
            store.close();
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
        private Duration staleRunTimeout = Duration.ofHours(24);
        private DatasetCatalog datasets = new DatasetCatalog();
        private Connections connections = new Connections();
        private org.datasetexport.policy.ExportPolicy policy;
        private org.datasetexport.policy.Authorizer authorizer;

        private Builder() {
        }

        /**
         * @param policy evaluated before every run of flows that bring no policy of their own (restored flows included)
         * @return this builder
         */
        public Builder policy(org.datasetexport.policy.ExportPolicy policy) {
            this.policy = ConfigurationException.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * @param authorizer checks principals when flows are started or changed
         *        ({@code MANAGE_AND_ACTIVATE_DATASET_DESTINATIONS}) and runs listed ({@code VIEW_DESTINATIONS}),
         *        e.g. {@code Authorizer.requirePermissions()}; default none (nothing checked)
         * @return this builder
         */
        public Builder authorizer(org.datasetexport.policy.Authorizer authorizer) {
            this.authorizer = ConfigurationException.requireNonNull(authorizer, "authorizer");
            return this;
        }

        /**
         * @param clock decides when slots are due and each run's cut-off; a test seam (pass a
         *        {@code MutableClock}); default system UTC
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = ConfigurationException.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @param store where flows, watermarks and history live; default a directory store under
         *        {@code ./.datasetexport} (closed with the scheduler; a store handed in is not)
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
         * @param timeout how long {@code close()} waits for running exports before cancelling them; default 30 s
         * @return this builder
         */
        public Builder closeTimeout(Duration timeout) {
            this.closeTimeout = ConfigurationException.requireNonNull(timeout, "closeTimeout");
            return this;
        }

        /**
         * @param timeout a run claimed longer ago than this, by a scheduler that stopped without
         *        finishing it, is recorded FAILED and its flow runs again; default 24 hours
         * @return this builder
         */
        public Builder staleRunTimeout(Duration timeout) {
            this.staleRunTimeout = ConfigurationException.requireNonNull(timeout, "staleRunTimeout");
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

        /** @return the scheduler, with persisted flows re-attached and polling started */
        public ExportScheduler build() {
            return new ExportScheduler(this);
        }
    }
}
