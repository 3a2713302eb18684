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
import java.util.concurrent.ConcurrentHashMap;
import org.datasetexport.ConfigurationException;
import org.datasetexport.flows.ExportFlow;
import org.datasetexport.ExportListener;
import org.datasetexport.ExportResult;
import org.datasetexport.flows.ExportRun;
import org.datasetexport.flows.ExportScheduler;
import org.datasetexport.flows.RunStatus;

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
 * <p>Meters (tags {@code dataset}, {@code destination} — {@code Destination.type()}, the kind,
 * {@code s3}, {@code file}, never an address — {@code format} and {@code flow}; all bounded by what you configure):
 * <ul>
 *   <li>{@code datasetexport.run.duration} timer, with {@code outcome} {@code success} or {@code failure};</li>
 *   <li>{@code datasetexport.records}, {@code datasetexport.bytes} (stored bytes), {@code datasetexport.files} counters;</li>
 *   <li>{@code datasetexport.runs.failed} counter, with {@code exception} (the exception's simple class name);</li>
 *   <li>per flow, after {@link #bindTo}: gauges {@code datasetexport.flow.since.success} (seconds since
 *       the last successful run), {@code datasetexport.flow.watermark.lag} (seconds between now and
 *       the watermark), {@code datasetexport.flow.running} (1 while a run is in progress) and
 *       {@code datasetexport.flow.consecutive.failures}, tagged {@code flow} — read from the flow's
 *       history and watermark at most every {@value #REFRESH_SECONDS} seconds of the scheduler's
 *       clock, however often they are scraped;</li>
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
    /** Per flow with gauges, the latest reading of its state; re-read at most every {@link #REFRESH}. */
    private final Map<String, Snapshot> flows = new ConcurrentHashMap<>();
    private volatile ExportScheduler scheduler;

    /** A run between its start and its end. */
    private record InFlight(Tags tags, Timer.Sample sample, Observation observation, String flowId) {
    }

    /** How old a flow's reading may be (by the scheduler's clock) before a gauge reads the state store again. */
    static final int REFRESH_SECONDS = 10;
    static final Duration REFRESH = Duration.ofSeconds(REFRESH_SECONDS);

    /**
     * What the gauges of one flow show, from one read of its history and watermark: four gauges
     * scraped every few seconds would otherwise read up to a thousand runs from the store twice
     * per scrape. Failures recorded outside a run (a source whose clock cannot be read) count too.
     */
    private record Snapshot(Instant readAt, Instant lastSuccess, int consecutiveFailures, Instant watermark) {
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
        if (flows.putIfAbsent(flowId, new Snapshot(Instant.MIN, null, 0, null)) != null) {
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

    /** The flow's reading, re-read when older than {@link #REFRESH}; null when the flow is gone. */
    private Snapshot snapshot(String flowId) {
        Snapshot last = flows.get(flowId);
        Instant now = now();
        if (last != null && last.readAt().plus(REFRESH).isAfter(now)) {
            return last;
        }
        Optional<ExportFlow> flow = flow(flowId);
        if (flow.isEmpty()) {
            return null;
        }
        Instant lastSuccess = null;
        int failures = 0;
        for (ExportRun run : flow.get().runs()) { // newest first
            if (run.status() == RunStatus.SUCCEEDED) {
                lastSuccess = run.finishedAt().orElse(run.startedAt());
                break;
            }
            if (run.status() == RunStatus.FAILED) {
                failures++;
            }
        }
        Snapshot read = new Snapshot(now, lastSuccess, failures, flow.get().watermark().orElse(null));
        flows.put(flowId, read);
        return read;
    }

    double sinceLastSuccess(String flowId) {
        Snapshot s = snapshot(flowId);
        return s == null || s.lastSuccess() == null ? Double.NaN : seconds(s.lastSuccess());
    }

    double watermarkLag(String flowId) {
        Snapshot s = snapshot(flowId);
        return s == null || s.watermark() == null ? Double.NaN : seconds(s.watermark());
    }

    double isRunning(String flowId) {
        return running.values().stream().anyMatch(r -> flowId.equals(r.flowId())) ? 1 : 0;
    }

    double consecutiveFailures(String flowId) {
        Snapshot s = snapshot(flowId);
        return s == null ? Double.NaN : s.consecutiveFailures();
    }

    private double seconds(Instant since) {
        return (double) Duration.between(since, now()).toMillis() / 1000;
    }

    private static String orUnknown(String value) {
        return value == null ? "unknown" : value;
    }

    @Override
    public String toString() {
        return "ExportMetrics[" + registry.getClass().getSimpleName() + ", " + running.size() + " run(s) in flight]";
    }
}
