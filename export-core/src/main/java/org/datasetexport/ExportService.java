package org.datasetexport;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.datasetexport.data.Dataset;
import org.datasetexport.internal.registry.ProviderRegistry;
import org.datasetexport.spi.Destination;
import org.datasetexport.spi.Format;

/**
 * The platform's Flow Service as a Java facade over an {@link ExportScheduler}: what destination
 * types and formats are available, which registered datasets a format can write, and flows by id
 * (create, get, pause, resume, delete, run now, list runs with paging). Thread-safe.
 *
 * <pre>{@code
 * ExportService service = ExportService.of(scheduler);
 * service.catalog().register(dataset);
 * service.connections().register("backups", FileDestination.of(Path.of("/var/exports")));
 * ExportFlow flow = service.createFlow(new FlowDefinition("nightly-users", "users", "backups", "nightly",
 *         "parquet", Map.of(), Compression.SNAPPY, true, 1L << 30, Long.MAX_VALUE, 1, EmptyOutput.NO_FILE,
 *         Schedule.daily(LocalTime.of(2, 0)), ExportMode.FIRST_FULL_THEN_INCREMENTAL, Duration.ZERO));
 * }</pre>
 */
public final class ExportService {
    private final ExportScheduler scheduler;
    private final org.datasetexport.policy.Principal principal;

    private ExportService(ExportScheduler scheduler, org.datasetexport.policy.Principal principal) {
        this.scheduler = scheduler;
        this.principal = principal;
    }

    /**
     * @param principal who acts through the returned service; checked by the scheduler's authorizer
     * @return a service acting as {@code principal}
     */
    public ExportService as(org.datasetexport.policy.Principal principal) {
        return new ExportService(scheduler, ConfigurationException.requireNonNull(principal, "principal"));
    }

    private void manage(String action) {
        scheduler.authorize(principal, org.datasetexport.policy.Permission.MANAGE_AND_ACTIVATE_DATASET_DESTINATIONS, action);
    }

    private void view(String action) {
        scheduler.authorize(principal, org.datasetexport.policy.Permission.VIEW_DESTINATIONS, action);
    }

    /**
     * @param scheduler the scheduler whose catalog, connections and flows this service manages
     * @return the service
     */
    public static ExportService of(ExportScheduler scheduler) {
        return new ExportService(ConfigurationException.requireNonNull(scheduler, "scheduler"), null);
    }

    /** @return URI schemes with a destination provider on the classpath, sorted */
    public List<String> destinationTypes() {
        return ProviderRegistry.instance().schemes();
    }

    /** @return format names with a provider on the classpath, sorted */
    public List<String> formats() {
        return ProviderRegistry.instance().formatNames();
    }

    /** @return the dataset catalog (register datasets here) */
    public DatasetCatalog catalog() {
        return scheduler.datasets();
    }

    /** @return the named connections (register destinations here) */
    public Connections connections() {
        return scheduler.connections();
    }

    /**
     * Whether a dataset can be exported in a format.
     *
     * @param datasetId the dataset
     * @param eligible whether the format can write its schema
     * @param reason why not, when not eligible
     */
    public record Eligibility(String datasetId, boolean eligible, Optional<String> reason) {
    }

    /**
     * @param connection a registered connection name
     * @param format a format name
     * @return every registered dataset, each marked eligible or not, with the reason
     * @throws ConfigurationException when the connection or format is unknown
     */
    public List<Eligibility> eligibleDatasets(String connection, String format) {
        return eligibleDatasets(connection, format, null);
    }

    /**
     * Like {@link #eligibleDatasets(String, String)}, also asking the scheduler's policy whether each
     * dataset may go to that connection for {@code purpose}.
     *
     * @param connection a registered connection name
     * @param format a format name
     * @param purpose the declared purpose, or null
     * @return every registered dataset, each marked eligible or not, with the reason
     */
    public List<Eligibility> eligibleDatasets(String connection, String format, String purpose) {
        Destination destination = requireConnection(connection);
        Format f = ProviderRegistry.instance().format(format, java.util.Map.of());
        List<Eligibility> result = new ArrayList<>();
        for (Dataset d : catalog().datasets()) {
            Optional<String> reason = f.unsupportedReason(d.schema());
            if (reason.isEmpty() && scheduler.policy().isPresent()) {
                org.datasetexport.policy.PolicyDecision decision = scheduler.policy().get().evaluate(
                        new org.datasetexport.policy.PolicyRequest(d.id(), d.labels(), d.schema(), destination.id(),
                                Optional.ofNullable(purpose)));
                if (!decision.allowed()) {
                    reason = Optional.of(new org.datasetexport.policy.PolicyViolationException(d.id(), decision).getMessage());
                }
            }
            result.add(new Eligibility(d.id(), reason.isEmpty(), reason));
        }
        return result;
    }

    private Destination requireConnection(String connection) {
        return connections().destination(connection).orElseThrow(() -> new ConfigurationException(
                "no connection named \"" + connection + "\"; registered: " + connections().names()));
    }

    /**
     * Creates (or re-attaches to) a flow from its definition.
     *
     * @param definition the flow; its dataset and connection must be registered
     * @return the flow
     * @throws ConfigurationException when the dataset, connection or format is unknown, or the
     *         format cannot write the dataset
     */
    public ExportFlow createFlow(FlowDefinition definition) {
        ConfigurationException.requireNonNull(definition, "definition");
        manage("create flow " + definition.flowId());
        ConfigurationException.check(definition.encryption() == null,
                "flow \"%s\" asks for encryption; start encrypted flows with ExportBuilder.encryption(...).start(scheduler)",
                definition.flowId());
        Dataset dataset = catalog().dataset(definition.datasetId()).orElseThrow(() -> new ConfigurationException(
                "no dataset \"" + definition.datasetId() + "\" in the catalog"));
        Destination destination = requireConnection(definition.connection());
        Format format = ProviderRegistry.instance().format(definition.format(), definition.formatOptions());
        ConfigurationException.check(format.supports(definition.compression()),
                "format \"%s\" does not support compression %s; allowed: %s", format.name(), definition.compression(),
                format.supportedCompressions().stream().sorted().toList());
        format.unsupportedReason(dataset.schema()).ifPresent(reason -> {
            throw new ConfigurationException("dataset \"" + dataset.id() + "\" is not eligible for format \""
                    + format.name() + "\": " + reason);
        });
        return scheduler.attach(definition, dataset, destination, format, new ExportScheduler.FlowExtras(List.of(), null, null));
    }

    /**
     * @param flowId a flow id
     * @return the attached flow
     */
    public Optional<ExportFlow> flow(String flowId) {
        view("view flow " + flowId);
        return scheduler.flow(flowId);
    }

    /** @return the attached flows */
    public List<ExportFlow> flows() {
        view("list flows");
        return scheduler.flows();
    }

    private ExportFlow require(String flowId) {
        return scheduler.flow(flowId).orElseThrow(() -> new ConfigurationException("no flow \"" + flowId + "\""));
    }

    /** @param flowId the flow to pause */
    public void pause(String flowId) {
        manage("pause flow " + flowId);
        require(flowId).pause();
    }

    /** @param flowId the flow to resume */
    public void resume(String flowId) {
        manage("resume flow " + flowId);
        require(flowId).resume();
    }

    /**
     * Cancels a flow's run in progress and deletes the flow, its state and its history.
     *
     * @param flowId the flow
     */
    public void delete(String flowId) {
        manage("delete flow " + flowId);
        require(flowId);
        scheduler.delete(flowId);
    }

    /**
     * @param flowId the flow
     * @return the finished manual run
     */
    public ExportRun runNow(String flowId) {
        manage("run flow " + flowId);
        return require(flowId).runNow();
    }

    /**
     * A page of runs.
     *
     * @param runs the runs of this page, newest first
     * @param page the page number, from 0
     * @param size the page size
     * @param hasMore whether an older page exists
     */
    public record Page(List<ExportRun> runs, int page, int size, boolean hasMore) {
    }

    /**
     * @param flowId the flow
     * @param page from 0, newest runs first
     * @param size runs per page, 1 to 1000
     * @return the page
     */
    public Page runs(String flowId, int page, int size) {
        ConfigurationException.check(page >= 0, "page must not be negative, got %d", page);
        ConfigurationException.check(size >= 1 && size <= 1000, "size must be 1 to 1000, got %d", size);
        view("list runs of flow " + flowId);
        List<ExportRun> runs = require(flowId).runs(page * size, size + 1);
        boolean more = runs.size() > size;
        return new Page(more ? runs.subList(0, size) : runs, page, size, more);
    }
}
