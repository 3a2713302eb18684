package org.datasetexport.flows.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.datasetexport.flows.ExportFlow;
import org.datasetexport.flows.ExportScheduler;
import org.datasetexport.ExportSettings;
import org.datasetexport.flows.FlowDefinition;
import org.datasetexport.flows.FlowStatus;
import org.datasetexport.Schedule;
import org.datasetexport.flows.StateStore;
import org.datasetexport.data.DataType;
import org.datasetexport.data.Datasets;
import org.datasetexport.data.Field;
import org.datasetexport.data.Row;
import org.datasetexport.data.Schema;
import org.datasetexport.flows.service.Authorizer;
import org.datasetexport.flows.service.Permission;
import org.datasetexport.flows.service.PermissionDeniedException;
import org.datasetexport.flows.service.Principal;
import org.datasetexport.testing.MemoryDestination;
import org.datasetexport.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 15: no public path through {@link ExportService} reaches a flow or the catalog without
 * the permission check, including the flow handles it returns. Every public method is found by
 * reflection, so a method added later without a check fails here.
 */
class ExportServiceAuthorizationTest {
    private static final Instant T0 = Instant.parse("2026-11-28T00:00:00Z");
    private static final Schema SCHEMA = Schema.of(Field.required("id", DataType.LONG));

    /** What each public method of the service needs; a new method must be added here to pass. */
    private static final Map<String, Permission> SERVICE = Map.ofEntries(
            Map.entry("destinationTypes", Permission.VIEW_DESTINATIONS),
            Map.entry("formats", Permission.VIEW_DESTINATIONS),
            Map.entry("connectionNames", Permission.VIEW_DESTINATIONS),
            Map.entry("flow", Permission.VIEW_DESTINATIONS),
            Map.entry("flows", Permission.VIEW_DESTINATIONS),
            Map.entry("runs", Permission.VIEW_DESTINATIONS),
            Map.entry("datasetIds", Permission.VIEW_DATASETS),
            Map.entry("eligibleDatasets", Permission.VIEW_DATASETS),
            Map.entry("createFlow", Permission.MANAGE_AND_ACTIVATE_DATASET_DESTINATIONS),
            Map.entry("pause", Permission.MANAGE_AND_ACTIVATE_DATASET_DESTINATIONS),
            Map.entry("resume", Permission.MANAGE_AND_ACTIVATE_DATASET_DESTINATIONS),
            Map.entry("cancel", Permission.MANAGE_AND_ACTIVATE_DATASET_DESTINATIONS),
            Map.entry("delete", Permission.MANAGE_AND_ACTIVATE_DATASET_DESTINATIONS),
            Map.entry("runNow", Permission.MANAGE_AND_ACTIVATE_DATASET_DESTINATIONS));
    /** Methods that act on nothing: choosing who acts. */
    private static final Set<String> UNCHECKED = Set.of("as", "of");

    /** What each method of a flow handle needs; {@code id()} is what the caller already asked for. */
    private static final Map<String, Permission> HANDLE = Map.ofEntries(
            Map.entry("definition", Permission.VIEW_DESTINATIONS),
            Map.entry("status", Permission.VIEW_DESTINATIONS),
            Map.entry("watermark", Permission.VIEW_DESTINATIONS),
            Map.entry("nextRunAt", Permission.VIEW_DESTINATIONS),
            Map.entry("runs", Permission.VIEW_DESTINATIONS),
            Map.entry("runNow", Permission.MANAGE_AND_ACTIVATE_DATASET_DESTINATIONS),
            Map.entry("pause", Permission.MANAGE_AND_ACTIVATE_DATASET_DESTINATIONS),
            Map.entry("resume", Permission.MANAGE_AND_ACTIVATE_DATASET_DESTINATIONS),
            Map.entry("cancel", Permission.MANAGE_AND_ACTIVATE_DATASET_DESTINATIONS),
            Map.entry("cleanupRun", Permission.MANAGE_AND_ACTIVATE_DATASET_DESTINATIONS),
            // a preview runs the destination's check, which may write and remove a probe
            Map.entry("dryRun", Permission.MANAGE_AND_ACTIVATE_DATASET_DESTINATIONS));

    private final MutableClock clock = MutableClock.at(T0);
    private final MemoryDestination memory = MemoryDestination.create();
    private final ExportScheduler scheduler = ExportScheduler.builder().clock(clock).stateStore(StateStore.inMemory())
            .withoutBackgroundPolling().build();
    private final ExportService service = ExportService.of(scheduler, Authorizer.requirePermissions());
    private final Principal admin = Principal.of("admin", Permission.values());
    private final FlowDefinition definition = FlowDefinition.builder().flowId("guarded").datasetId("ds").connection("mem")
            .schedule(Schedule.everyHours(1)).settings(ExportSettings.builder().format("text").build()).build();

    ExportServiceAuthorizationTest() {
        scheduler.datasets().register(Datasets.of("ds", SCHEMA, List.of(Row.of(1L))));
        scheduler.connections().register("mem", memory);
        service.as(admin).createFlow(definition);
    }

    @AfterEach
    void close() {
        scheduler.close();
    }

    static Stream<Method> serviceMethods() {
        return Arrays.stream(ExportService.class.getMethods())
                .filter(m -> m.getDeclaringClass() == ExportService.class && !UNCHECKED.contains(m.getName()));
    }

    @Test
    void everyPublicServiceMethod_hasAKnownPermission() {
        assertThat(serviceMethods().map(Method::getName).distinct()).containsExactlyInAnyOrderElementsOf(SERVICE.keySet());
        assertThat(Arrays.stream(ExportFlow.class.getMethods()).map(Method::getName).filter(n -> !n.equals("id")).distinct())
                .containsExactlyInAnyOrderElementsOf(HANDLE.keySet());
    }

    @ParameterizedTest
    @MethodSource("serviceMethods")
    void serviceMethod_withoutItsPermission_isDeniedBeforeAnythingHappens(Method method) throws Exception {
        Permission needed = SERVICE.get(method.getName());
        EnumSet<Permission> allButNeeded = EnumSet.allOf(Permission.class);
        allButNeeded.remove(needed);
        for (ExportService caller : List.of(service, service.as(Principal.of("nobody")),
                service.as(new Principal("almost", allButNeeded)))) {
            assertThatThrownBy(() -> invoke(caller, method)).isInstanceOfSatisfying(PermissionDeniedException.class,
                    e -> assertThat(e.permission()).isEqualTo(needed));
        }
        // nothing changed: the flow is still there, active, and never ran
        assertThat(scheduler.flow("guarded")).hasValueSatisfying(f -> {
            assertThat(f.status()).isEqualTo(FlowStatus.ACTIVE);
            assertThat(f.runs()).isEmpty();
        });
        // with exactly that permission the check passes (the call may still fail for its own reasons)
        assertThat(denied(service.as(new Principal("exact", Set.of(needed))), method)).isFalse();
    }

    @ParameterizedTest
    @MethodSource("handleMethods")
    void flowHandle_obtainedWithViewRights_checksItsPrincipalOnEveryCall(Method method) throws Exception {
        Principal viewer = Principal.of("viewer", Permission.VIEW_DESTINATIONS);
        List<ExportFlow> handles = new ArrayList<>(service.as(viewer).flows());
        handles.add(service.as(viewer).flow("guarded").orElseThrow());
        Permission needed = HANDLE.get(method.getName());
        for (ExportFlow handle : handles) {
            if (needed == Permission.VIEW_DESTINATIONS) {
                invoke(handle, method);
            } else {
                assertThatThrownBy(() -> invoke(handle, method)).isInstanceOfSatisfying(PermissionDeniedException.class,
                        e -> assertThat(e.getMessage()).contains("Principal \"viewer\"", needed.name()));
            }
        }
        assertThat(scheduler.flow("guarded").orElseThrow().status()).isEqualTo(FlowStatus.ACTIVE);
        assertThat(scheduler.flow("guarded").orElseThrow().runs()).isEmpty();
        // a handle created by a manager may act
        ExportFlow managed = service.as(admin).flow("guarded").orElseThrow();
        managed.pause();
        assertThat(managed.status()).isEqualTo(FlowStatus.PAUSED);
    }

    static Stream<Method> handleMethods() {
        return Arrays.stream(ExportFlow.class.getMethods()).filter(m -> !m.getName().equals("id"));
    }

    private Object invoke(Object target, Method method) throws Exception {
        try {
            return method.invoke(target, arguments(method));
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    private boolean denied(ExportService caller, Method method) throws Exception {
        try {
            invoke(caller, method);
            return false;
        } catch (PermissionDeniedException e) {
            return true;
        } catch (RuntimeException e) {
            return false; // not a permission problem: the check let the call through
        }
    }

    private Object[] arguments(Method method) {
        return Arrays.stream(method.getParameterTypes()).map(type -> {
            if (type == String.class) {
                return method.getName().equals("eligibleDatasets") ? "mem" : "guarded";
            }
            if (type == int.class) {
                return 1;
            }
            if (type == FlowDefinition.class) {
                return definition.toBuilder().flowId("another").build();
            }
            throw new IllegalStateException("no test argument for " + type + " of " + method);
        }).toArray();
    }

    @Test
    void authorizerIsConsultedBeforeTheFlowIsResolved() {
        // an unknown flow id gives the permission error, not "no flow": nothing was looked up for nobody
        assertThatThrownBy(() -> service.as(Principal.of("nobody")).runNow("no-such-flow"))
                .isInstanceOf(PermissionDeniedException.class);
    }
}
