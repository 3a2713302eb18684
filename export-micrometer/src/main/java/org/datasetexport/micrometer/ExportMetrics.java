package org.datasetexport.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.datasetexport.ConfigurationException;
import org.datasetexport.ExportFlow;
import org.datasetexport.ExportListener;
import org.datasetexport.ExportResult;
import org.datasetexport.ExportRun;
import org.datasetexport.ExportScheduler;
import org.datasetexport.RunStatus;

/**
 * Micrometer meters and an {@link Observation} for every run it is told about — an
 * {@link ExportListener}: add it to one-off exports with {@code .listener(metrics)}, or to every flow
 * of a scheduler with {@code ExportScheduler.builder().listener(metrics)} and then
 * {@link #bindTo(ExportScheduler)} for the per-flow gauges.
 *
 * <pre>{@code
 * ExportMetrics metrics = ExportMetrics.bind(meterRegistry, observationRegistry);
 * DatasetExport.from(orders).to("s3://exports").format("parquet").listener(metrics).run();
 *
 * ExportScheduler scheduler = ExportScheduler.builder().listener(metrics).build();
 * metrics.bindTo(scheduler);
 * }</pre>
 *
 * <p>Meters (tags {@code dataset}, {@code destination} — the kind, {@code s3}, {@code file}, never
 * an address — {@code format} and {@code flow}; all bounded by what you configure):
 * <ul>
 *   <li>{@code datasetexport.run.duration} timer, with {@code outcome} {@code success} or {@code failure};</li>
 *   <li>{@code datasetexport.records}, {@code datasetexport.bytes} (stored bytes), {@code datasetexport.files} counters;</li>
 *   <li>{@code datasetexport.runs.failed} counter, with {@code exception} (the exception's simple class name);</li>
 *   <li>per flow, after {@link #bindTo}: gauges {@code datasetexport.flow.since.success} (seconds since
 *       the last successful run), {@code datasetexport.flow.watermark.lag} (seconds between now and
 *       the watermark), {@code datasetexport.flow.running} (1 while a run is in progress) and
 *       {@code datasetexport.flow.consecutive.failures}, tagged {@code flow};</li>
 *   <li>an {@link Observation} {@code datasetexport.run} around each run (contextual name
 *       {@code export <dataset>}), stopped with the run's error when it fails — tracing backends see
 *       runs as spans.</li>
 * </ul>
 * Retries are not counted: no destination reports them yet. Thread-safe.
 */
public final class ExportMetrics implements ExportListener {
    private final MeterRegistry registry;
    private final ObservationRegistry observations;
    private final Clock clock;
    private final Map<String, InFlight> running = new ConcurrentHashMap<>();
    private final Set<String> flowsWithGauges = ConcurrentHashMap.newKeySet();
    private volatile ExportScheduler scheduler;

    /** A run between its start and its end. */
    private record InFlight(Tags tags, Timer.Sample sample, Observation observation, String flowId) {
    }

    private ExportMetrics(MeterRegistry registry, ObservationRegistry observations, Clock clock) {
        this.registry = registry;
        this.observations = observations;
        this.clock = clock;
    }

    /**
     * @param registry where the meters go
     * @return a listener recording meters (no observations)
     */
    public static ExportMetrics bind(MeterRegistry registry) {
        return bind(registry, ObservationRegistry.NOOP);
    }

    /**
     * @param registry where the meters go
     * @param observations where each run's observation goes
     * @return a listener recording meters and an observation per run
     */
    public static ExportMetrics bind(MeterRegistry registry, ObservationRegistry observations) {
        ConfigurationException.requireNonNull(registry, "registry");
        ConfigurationException.requireNonNull(observations, "observations");
        return new ExportMetrics(registry, observations, Clock.systemUTC());
    }

    /**
     * Registers the per-flow gauges for the scheduler's flows (flows created later get theirs at
     * their first run). The scheduler must also have this as a listener for the run meters.
     *
     * @param scheduler the scheduler whose flows to watch
     * @return this
     */
    public ExportMetrics bindTo(ExportScheduler scheduler) {
        this.scheduler = ConfigurationException.requireNonNull(scheduler, "scheduler");
        scheduler.flows().forEach(flow -> flowGauges(flow.id()));
        return this;
    }

    @Override
    public void runStarted(RunStarted event) {
        Tags tags = Tags.of("dataset", event.datasetId(), "destination", orUnknown(event.destinationType()),
                "format", orUnknown(event.format()), "flow", orUnknown(event.flowId()));
        Observation observation = Observation.createNotStarted("datasetexport.run", observations)
                .contextualName("export " + event.datasetId())
                .lowCardinalityKeyValue("dataset", event.datasetId())
                .lowCardinalityKeyValue("destination", orUnknown(event.destinationType()))
                .lowCardinalityKeyValue("format", orUnknown(event.format()))
                .lowCardinalityKeyValue("flow", orUnknown(event.flowId()))
                .highCardinalityKeyValue("run.id", event.runId())
                .start();
        running.put(event.runId(), new InFlight(tags, Timer.start(registry), observation, event.flowId()));
        if (event.flowId() != null && scheduler != null && scheduler.flow(event.flowId()).isPresent()) {
            flowGauges(event.flowId());
        }
    }

    @Override
    public void runFinished(ExportResult result) {
        InFlight run = running.remove(result.runId());
        if (run == null) {
            return;
        }
        run.sample().stop(Timer.builder("datasetexport.run.duration").description("Export run duration")
                .tags(run.tags()).tag("outcome", "success").register(registry));
        Counter.builder("datasetexport.records").description("Rows exported").tags(run.tags()).register(registry)
                .increment(result.records());
        Counter.builder("datasetexport.bytes").description("Stored bytes of exported files").baseUnit("bytes").tags(run.tags())
                .register(registry).increment(result.bytes());
        Counter.builder("datasetexport.files").description("Data files exported").tags(run.tags()).register(registry)
                .increment(result.files().size());
        run.observation().stop();
    }

    @Override
    public void runFailed(RunFailed event) {
        InFlight run = running.remove(event.runId());
        if (run == null) {
            return;
        }
        run.sample().stop(Timer.builder("datasetexport.run.duration").description("Export run duration")
                .tags(run.tags()).tag("outcome", "failure").register(registry));
        Counter.builder("datasetexport.runs.failed").description("Failed export runs").tags(run.tags())
                .tag("exception", event.error().getClass().getSimpleName()).register(registry).increment();
        run.observation().error(event.error());
        run.observation().stop();
    }

    private void flowGauges(String flowId) {
        if (!flowsWithGauges.add(flowId)) {
            return;
        }
        Tags tags = Tags.of("flow", flowId);
        Gauge.builder("datasetexport.flow.since.success", this, m -> m.sinceLastSuccess(flowId))
                .description("Seconds since the flow's last successful run").baseUnit("seconds").tags(tags).register(registry);
        Gauge.builder("datasetexport.flow.watermark.lag", this, m -> m.watermarkLag(flowId))
                .description("Seconds between now and the flow's watermark").baseUnit("seconds").tags(tags).register(registry);
        Gauge.builder("datasetexport.flow.running", this, m -> m.isRunning(flowId))
                .description("1 while a run of the flow is in progress").tags(tags).register(registry);
        Gauge.builder("datasetexport.flow.consecutive.failures", this, m -> m.consecutiveFailures(flowId))
                .description("Failed runs since the flow's last successful one").tags(tags).register(registry);
    }

    private Optional<ExportFlow> flow(String flowId) {
        ExportScheduler s = scheduler;
        return s == null ? Optional.empty() : s.flow(flowId);
    }

    private Instant now() {
        ExportScheduler s = scheduler;
        return s != null ? s.clock().instant() : clock.instant();
    }

    double sinceLastSuccess(String flowId) {
        return flow(flowId).flatMap(f -> f.runs().stream().filter(r -> r.status() == RunStatus.SUCCEEDED)
                        .map(r -> r.finishedAt().orElse(r.startedAt())).max(Instant::compareTo))
                .map(t -> (double) Duration.between(t, now()).toMillis() / 1000).orElse(Double.NaN);
    }

    double watermarkLag(String flowId) {
        return flow(flowId).flatMap(ExportFlow::watermark).map(w -> (double) Duration.between(w, now()).toMillis() / 1000)
                .orElse(Double.NaN);
    }

    double isRunning(String flowId) {
        return running.values().stream().anyMatch(r -> flowId.equals(r.flowId())) ? 1 : 0;
    }

    /** Failed runs after the last successful one (the history is newest first or oldest first: both are handled). */
    double consecutiveFailures(String flowId) {
        Optional<ExportFlow> flow = flow(flowId);
        if (flow.isEmpty()) {
            return Double.NaN;
        }
        List<ExportRun> runs = flow.get().runs().stream().filter(r -> r.status() == RunStatus.SUCCEEDED || r.status() == RunStatus.FAILED)
                .sorted((a, b) -> a.startedAt().compareTo(b.startedAt())).toList();
        int failures = 0;
        for (ExportRun run : runs) {
            failures = run.status() == RunStatus.FAILED ? failures + 1 : 0;
        }
        return failures;
    }

    private static String orUnknown(String value) {
        return value == null ? "unknown" : value;
    }

    @Override
    public String toString() {
        return "ExportMetrics[" + registry.getClass().getSimpleName() + ", " + running.size() + " run(s) in flight]";
    }
}
