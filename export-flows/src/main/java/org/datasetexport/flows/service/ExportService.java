package org.datasetexport.flows.service;

import org.datasetexport.ExportMode;
import org.datasetexport.ExportSettings;
import org.datasetexport.Schedule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.datasetexport.ConfigurationException;
import org.datasetexport.flows.ExportFlow;
import org.datasetexport.ExportPreview;
import org.datasetexport.flows.ExportRun;
import org.datasetexport.flows.ExportScheduler;
import org.datasetexport.flows.FlowDefinition;
import org.datasetexport.flows.FlowStatus;
import org.datasetexport.data.Dataset;
import org.datasetexport.engine.ProviderRegistry;
import org.datasetexport.flows.service.Authorizer;
import org.datasetexport.flows.service.Permission;
import org.datasetexport.policy.PolicyDecision;
import org.datasetexport.policy.PolicyRequest;
import org.datasetexport.policy.PolicyViolationException;
import org.datasetexport.flows.service.Principal;
import org.datasetexport.spi.Destination;
import org.datasetexport.spi.Format;

/**
 * The platform's Flow Service as a Java facade over an {@link ExportScheduler}, for requests made
 * on behalf of users: which destination types, formats, connections and datasets there are, which
 * datasets a format can write, and flows by id (create, get, pause, resume, delete, run now, list
 * runs with paging). Thread-safe.
 *
 * <pre>{@code
 * scheduler.datasets().register(users);                                  // the app registers the parts
 * scheduler.connections().register("backups", FileDestination.of(Path.of("/var/exports")));
 * ExportService service = ExportService.of(scheduler, Authorizer.requirePermissions());
 * ExportFlow flow = service.as(currentUser).createFlow(FlowDefinition.builder()
 *         .flowId("nightly-users").datasetId("users").connection("backups")
 *         .schedule(Schedule.daily(LocalTime.of(2, 0)))
 *         .settings(ExportSettings.builder().format("parquet").mode(ExportMode.FIRST_FULL_THEN_INCREMENTAL).build())
 *         .build());
 * }</pre>
 *
 * <p><b>Authorization lives here, and only here.</b> Every method checks the principal of
 * {@link #as(Principal)} with the authorizer before it resolves or touches anything, and the
 * {@link ExportFlow} handles it returns check that same principal again on every call, so a handle
 * obtained with view rights cannot pause, cancel or run a flow. The service hands out no scheduler,
 * registry or state store. The {@link ExportScheduler} itself checks nothing: it belongs to the
 * embedding app, which owns authorization for whatever it does with it directly.
 *
 * <p>Permissions: {@link Permission#VIEW_DESTINATIONS} for destination types, formats, connections,
 * flows and runs; {@link Permission#VIEW_DATASETS} for the dataset catalog and eligibility;
 * {@link Permission#MANAGE_AND_ACTIVATE_DATASET_DESTINATIONS} to create, pause, resume, cancel,
 * delete and run flows.
 */
public final class ExportService {
    private static final Authorizer ALLOW_ALL = (principal, permission, action) -> { };

    private final ExportScheduler scheduler;
    private final Authorizer authorizer;
    private final Principal principal;

    private ExportService(ExportScheduler scheduler, Authorizer authorizer, Principal principal) {
        this.scheduler = scheduler;
        this.authorizer = authorizer;
        this.principal = principal;
    }

    /**
     * @param scheduler the scheduler whose registries and flows this service works on
     * @return a service that checks no permissions (for code that is itself trusted)
     * @throws ConfigurationException when null
     */
    public static ExportService of(ExportScheduler scheduler) {
        return new ExportService(ConfigurationException.requireNonNull(scheduler, "scheduler"), ALLOW_ALL, null);
    }

    /**
     * @param scheduler the scheduler whose registries and flows this service works on
     * @param authorizer checks every call, e.g. {@link Authorizer#requirePermissions()}
     * @return a service acting for no principal until {@link #as(Principal)}
     * @throws ConfigurationException when null
     */
    public static ExportService of(ExportScheduler scheduler, Authorizer authorizer) {
        return new ExportService(ConfigurationException.requireNonNull(scheduler, "scheduler"),
                ConfigurationException.requireNonNull(authorizer, "authorizer"), null);
    }

    /**
     * @param principal who acts through the returned service
     * @return a service acting as {@code principal}, with the same scheduler and authorizer
     * @throws ConfigurationException when null
     */
    public ExportService as(Principal principal) {
        return new ExportService(scheduler, authorizer, ConfigurationException.requireNonNull(principal, "principal"));
    }

    private void check(Permission permission, String action) {
        authorizer.authorize(principal, permission, action);
    }

    /** @return URI schemes with a destination provider on the classpath, sorted */
    public List<String> destinationTypes() {
        check(Permission.VIEW_DESTINATIONS, "list destination types");
        return ProviderRegistry.instance().schemes();
    }

    /** @return format names with a provider on the classpath, sorted */
    public List<String> formats() {
        check(Permission.VIEW_DESTINATIONS, "list formats");
        return ProviderRegistry.instance().formatNames();
    }

    /** @return the names of the registered connections, sorted */
    public List<String> connectionNames() {
        check(Permission.VIEW_DESTINATIONS, "list connections");
        return scheduler.connections().names();
    }

    /** @return the ids of the datasets in the catalog, sorted */
    public List<String> datasetIds() {
        check(Permission.VIEW_DATASETS, "list datasets");
        return scheduler.datasets().datasets().stream().map(Dataset::id).toList();
    }

    /**
     * Whether a dataset can be exported in a format.
     *
     * @param datasetId the dataset
     * @param eligible whether the format can write its schema (and the policy allows it)
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
     * @throws ConfigurationException when the connection or format is unknown
     */
    public List<Eligibility> eligibleDatasets(String connection, String format, String purpose) {
        check(Permission.VIEW_DATASETS, "list datasets eligible for " + connection);
        Destination destination = scheduler.connections().destination(connection).orElseThrow(() -> new ConfigurationException(
                "no connection named \"" + connection + "\"; registered: " + scheduler.connections().names()));
        Format f = ProviderRegistry.instance().format(format, Map.of());
        List<Eligibility> result = new ArrayList<>();
        for (Dataset d : scheduler.datasets().datasets()) {
            Optional<String> reason = f.unsupportedReason(d.schema());
            if (reason.isEmpty() && scheduler.policy().isPresent()) {
                PolicyDecision decision = scheduler.policy().get().evaluate(new PolicyRequest(d.id(), d.labels(),
                        d.schema(), destination.id(), Optional.ofNullable(purpose)));
                if (!decision.allowed()) {
                    reason = Optional.of(new PolicyViolationException(d.id(), decision).getMessage());
                }
            }
            result.add(new Eligibility(d.id(), reason.isEmpty(), reason));
        }
        return result;
    }

    /**
     * Creates (or re-attaches to, recording a changed definition) a flow from its definition. The
     * permission is checked before anything is resolved.
     *
     * @param definition the flow; its dataset, connection and encryption key (if any) must be registered
     * @return the flow, as a handle that checks this service's principal on every call
     * @throws ConfigurationException when the dataset, connection, format or key is unknown, the
     *         format cannot write the dataset, or the mode is incremental and the dataset has no ingestion time
     */
    public ExportFlow createFlow(FlowDefinition definition) {
        ConfigurationException.requireNonNull(definition, "definition");
        check(Permission.MANAGE_AND_ACTIVATE_DATASET_DESTINATIONS, "create flow " + definition.flowId());
        return new AuthorizedFlow(scheduler.createFlow(definition));
    }

    /**
     * @param flowId a flow id
     * @return the attached flow, as a handle that checks this service's principal on every call
     */
    public Optional<ExportFlow> flow(String flowId) {
        check(Permission.VIEW_DESTINATIONS, "view flow " + flowId);
        return scheduler.flow(flowId).map(AuthorizedFlow::new);
    }

    /** @return the attached flows, as handles that check this service's principal on every call */
    public List<ExportFlow> flows() {
        check(Permission.VIEW_DESTINATIONS, "list flows");
        return scheduler.flows().stream().<ExportFlow>map(AuthorizedFlow::new).toList();
    }

    private ExportFlow require(String flowId) {
        return scheduler.flow(flowId).orElseThrow(() -> new ConfigurationException("no flow \"" + flowId + "\""));
    }

    /** @param flowId the flow to pause */
    public void pause(String flowId) {
        check(Permission.MANAGE_AND_ACTIVATE_DATASET_DESTINATIONS, "pause flow " + flowId);
        require(flowId).pause();
    }

    /** @param flowId the flow to resume */
    public void resume(String flowId) {
        check(Permission.MANAGE_AND_ACTIVATE_DATASET_DESTINATIONS, "resume flow " + flowId);
        require(flowId).resume();
    }

    /** @param flowId the flow to cancel for good (a run in progress is cancelled) */
    public void cancel(String flowId) {
        check(Permission.MANAGE_AND_ACTIVATE_DATASET_DESTINATIONS, "cancel flow " + flowId);
        require(flowId).cancel();
    }

    /**
     * Cancels a flow's run in progress and deletes the flow, its state and its history.
     *
     * @param flowId the flow
     * @throws ConfigurationException when no such flow exists
     */
    public void delete(String flowId) {
        check(Permission.MANAGE_AND_ACTIVATE_DATASET_DESTINATIONS, "delete flow " + flowId);
        require(flowId);
        scheduler.deleteFlow(flowId);
    }

    /**
     * @param flowId the flow
     * @return the finished manual run
     */
    public ExportRun runNow(String flowId) {
        check(Permission.MANAGE_AND_ACTIVATE_DATASET_DESTINATIONS, "run flow " + flowId);
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
        check(Permission.VIEW_DESTINATIONS, "list runs of flow " + flowId);
        ConfigurationException.check(page >= 0, "page must not be negative, got %d", page);
        ConfigurationException.check(size >= 1 && size <= 1000, "size must be 1 to 1000, got %d", size);
        List<ExportRun> runs = require(flowId).runs(page * size, size + 1);
        boolean more = runs.size() > size;
        return new Page(more ? runs.subList(0, size) : runs, page, size, more);
    }

    /** A flow handle bound to this service's principal: every call is checked again. */
    private final class AuthorizedFlow implements ExportFlow {
        private final ExportFlow flow;

        AuthorizedFlow(ExportFlow flow) {
            this.flow = flow;
        }

        private String what(String verb) {
            return verb + " flow " + flow.id();
        }

        @Override
        public String id() {
            return flow.id();
        }

        @Override
        public FlowDefinition definition() {
            check(Permission.VIEW_DESTINATIONS, what("view"));
            return flow.definition();
        }

        @Override
        public FlowStatus status() {
            check(Permission.VIEW_DESTINATIONS, what("view"));
            return flow.status();
        }

        @Override
        public Optional<Instant> watermark() {
            check(Permission.VIEW_DESTINATIONS, what("view"));
            return flow.watermark();
        }

        @Override
        public Optional<Instant> nextRunAt() {
            check(Permission.VIEW_DESTINATIONS, what("view"));
            return flow.nextRunAt();
        }

        @Override
        public List<ExportRun> runs(int offset, int limit) {
            check(Permission.VIEW_DESTINATIONS, "list runs of flow " + flow.id());
            return flow.runs(offset, limit);
        }

        @Override
        public ExportRun runNow() {
            check(Permission.MANAGE_AND_ACTIVATE_DATASET_DESTINATIONS, what("run"));
            return flow.runNow();
        }

        @Override
        public void pause() {
            check(Permission.MANAGE_AND_ACTIVATE_DATASET_DESTINATIONS, what("pause"));
            flow.pause();
        }

        @Override
        public void resume() {
            check(Permission.MANAGE_AND_ACTIVATE_DATASET_DESTINATIONS, what("resume"));
            flow.resume();
        }

        @Override
        public void cancel() {
            check(Permission.MANAGE_AND_ACTIVATE_DATASET_DESTINATIONS, what("cancel"));
            flow.cancel();
        }

        @Override
        public int cleanupRun(String runId) {
            check(Permission.MANAGE_AND_ACTIVATE_DATASET_DESTINATIONS, what("clean up a run of"));
            return flow.cleanupRun(runId);
        }

        @Override
        public ExportPreview dryRun() {
            // the preview runs the destination's check, which may write and remove a probe
            check(Permission.MANAGE_AND_ACTIVATE_DATASET_DESTINATIONS, what("preview"));
            return flow.dryRun();
        }

        @Override
        public String toString() {
            return flow.toString();
        }
    }
}
