package org.datasetexport.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.datasetexport.DatasetExport;
import org.datasetexport.ExportResult;
import org.datasetexport.ExportSettings;
import org.datasetexport.Schedule;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.datasetexport.data.DataType;
import org.datasetexport.data.Dataset;
import org.datasetexport.data.Datasets;
import org.datasetexport.data.Field;
import org.datasetexport.data.Row;
import org.datasetexport.data.Schema;
import org.datasetexport.flows.service.ExportService;
import org.datasetexport.flows.service.Authorizer;
import org.datasetexport.policy.ExportPolicy;
import org.datasetexport.flows.service.Permission;
import org.datasetexport.flows.service.PermissionDeniedException;
import org.datasetexport.policy.PolicyViolationException;
import org.datasetexport.flows.service.Principal;
import org.datasetexport.policy.RuleBasedPolicy;
import org.datasetexport.testing.MemoryDestination;
import org.datasetexport.testing.MutableClock;
import org.junit.jupiter.api.Test;

class PolicyTest {
    private static final Schema SCHEMA = Schema.of(
            Field.required("id", DataType.LONG),
            Field.optional("email", DataType.STRING).withLabels("I1"),
            Field.optional("ssn", DataType.STRING).withLabels("S1"),
            Field.optional("profile", DataType.struct(
                    Field.optional("age", DataType.INT),
                    Field.optional("diagnosis", DataType.STRING).withLabels("C2", "S1"))));
    private static final ExportPolicy POLICY = RuleBasedPolicy.builder()
            .denyPurposeForLabel("marketing action", "C2")
            .dropFieldsWithLabel("S1")
            .hashFieldsWithLabel("I1")
            .build();

    private final MemoryDestination memory = MemoryDestination.create();

    private static List<Row> rows() {
        return List.of(
                Row.of(1L, "ann@example.com", "123-45-6789", Row.of(40, "flu")),
                Row.of(2L, null, "987-65-4321", Row.of(51, null)));
    }

    private static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    private String read(String path) throws Exception {
        try (InputStream in = memory.open(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void deniedPurpose_throwsBeforeAnyRowIsReadNamingRuleLabelAndField() {
        Iterable<Row> untouchable = () -> {
            throw new AssertionError("a denied export must not read rows");
        };
        assertThatThrownBy(() -> DatasetExport.from(Datasets.of("patients", SCHEMA, untouchable)).to(memory).format("text")
                .policy(POLICY).purpose("Marketing Action").manifest(true).run())
                .isInstanceOfSatisfying(PolicyViolationException.class, e -> {
                    assertThat(e.rule()).isEqualTo("deny purpose \"marketing action\" for label C2");
                    assertThat(e.labels()).containsExactly("C2");
                    assertThat(e.fields()).containsExactly("profile.diagnosis");
                })
                .hasMessage("Export of dataset \"patients\" denied by policy: deny purpose \"marketing action\" for label C2 "
                        + "(label C2 on field profile.diagnosis)");
        assertThat(memory.commitLog()).isEmpty();
    }

    @Test
    void datasetLabel_deniesTheWholeDataset() {
        Dataset labelled = Datasets.withLabels(Datasets.of("patients", SCHEMA, rows()), "C2");
        assertThatThrownBy(() -> DatasetExport.from(labelled).to(memory).format("text").policy(
                RuleBasedPolicy.builder().denyPurposeForLabel("marketing action", "C2").build()).purpose("marketing action").run())
                .isInstanceOf(PolicyViolationException.class).hasMessageEndingWith("(label C2 on the dataset)");
    }

    @Test
    void dropAndHash_removeLabelledFieldsAndHashIdentifiersInFilesAndManifest() throws Exception {
        ExportResult result = DatasetExport.from(Datasets.of("patients", SCHEMA, rows())).to(memory).format("text")
                .policy(POLICY).purpose("analytics").manifest(true).run();

        String data = read(result.files().get(0).path());
        assertThat(data).doesNotContain("123-45-6789").doesNotContain("flu").doesNotContain("ann@example.com");
        assertThat(data.lines()).containsExactly(
                "Row[1, " + sha256("ann@example.com") + ", Row[40]]",
                "Row[2, null, Row[51]]");
        Schema exported = Schema.fromJson(new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(read(result.manifestPath().orElseThrow())).get("schema").toString());
        assertThat(exported.fields()).extracting(Field::name).containsExactly("id", "email", "profile");
        assertThat(exported.field("email").orElseThrow().type()).isEqualTo(DataType.STRING);
        assertThat(((org.datasetexport.data.StructType) exported.field("profile").orElseThrow().type()).fields())
                .extracting(Field::name).containsExactly("age");
    }

    @Test
    void permittedExport_withoutMatchingRules_exportsEverything() throws Exception {
        Schema unlabelled = Schema.of(Field.required("id", DataType.LONG), Field.optional("email", DataType.STRING));
        ExportResult result = DatasetExport.from(Datasets.of("plain", unlabelled, List.of(Row.of(1L, "a@b.c")))).to(memory)
                .format("text").policy(POLICY).purpose("marketing action").run();
        assertThat(read(result.files().get(0).path())).isEqualTo("Row[1, a@b.c]\n");
    }

    @Test
    void scheduledFlow_deniedByPolicy_recordsTheRunFailedWithTheReason() {
        MutableClock clock = MutableClock.at(Instant.parse("2026-11-28T00:00:00Z"));
        try (ExportScheduler scheduler = ExportScheduler.builder().clock(clock).stateStore(StateStore.inMemory())
                .policy(POLICY).withoutBackgroundPolling().build()) {
            DatasetExport.from(Datasets.of("patients", SCHEMA, rows())).to(memory).format("text").purpose("marketing action")
                    .schedule(Schedule.everyHours(1).startingAt(clock.instant())).start(scheduler);
            ExportRun run = scheduler.runDue().get(0);
            assertThat(run.status()).isEqualTo(RunStatus.FAILED);
            assertThat(run.error()).hasValueSatisfying(e -> assertThat(e).contains("deny purpose \"marketing action\" for label C2"));
            assertThat(memory.commitLog()).isEmpty();

            ExportService service = ExportService.of(scheduler);
            scheduler.connections().register("mem", memory);
            assertThat(service.eligibleDatasets("mem", "text", "marketing action")).singleElement().satisfies(e -> {
                assertThat(e.eligible()).isFalse();
                assertThat(e.reason()).hasValueSatisfying(r -> assertThat(r).contains("label C2 on field profile.diagnosis"));
            });
            assertThat(service.eligibleDatasets("mem", "text", "analytics")).allMatch(ExportService.Eligibility::eligible);
        }
    }

    @Test
    void authorizer_requiresManageToCreateOrChangeAndViewToListRuns() {
        MutableClock clock = MutableClock.at(Instant.parse("2026-11-28T00:00:00Z"));
        try (ExportScheduler scheduler = ExportScheduler.builder().clock(clock).stateStore(StateStore.inMemory())
                .withoutBackgroundPolling().build()) {
            scheduler.datasets().register(Datasets.of("patients", SCHEMA, rows()));
            scheduler.connections().register("mem", memory);
            FlowDefinition guarded = FlowDefinition.builder().flowId("guarded").datasetId("patients").connection("mem")
                    .schedule(Schedule.everyHours(1)).settings(ExportSettings.builder().format("text").build()).build();
            ExportService service = ExportService.of(scheduler, Authorizer.requirePermissions());
            assertThatThrownBy(() -> service.createFlow(guarded)).isInstanceOf(PermissionDeniedException.class)
                    .hasMessage("Cannot create flow guarded without a principal: the permission MANAGE_AND_ACTIVATE_DATASET_DESTINATIONS is required");
            Principal viewer = Principal.of("viewer", Permission.VIEW_DESTINATIONS);
            assertThatThrownBy(() -> service.as(viewer).createFlow(guarded)).isInstanceOf(PermissionDeniedException.class)
                    .hasMessageContaining("Principal \"viewer\" may not create flow guarded");
            Principal admin = Principal.of("admin", Permission.MANAGE_AND_ACTIVATE_DATASET_DESTINATIONS, Permission.VIEW_DESTINATIONS);
            service.as(admin).createFlow(guarded);

            ExportService asViewer = service.as(viewer);
            assertThat(asViewer.runs("guarded", 0, 10).runs()).isEmpty();
            assertThatThrownBy(() -> asViewer.pause("guarded")).isInstanceOfSatisfying(PermissionDeniedException.class,
                    e -> assertThat(e.permission()).isEqualTo(Permission.MANAGE_AND_ACTIVATE_DATASET_DESTINATIONS));
            ExportService asNobody = service.as(Principal.of("nobody"));
            assertThatThrownBy(() -> asNobody.runs("guarded", 0, 10)).isInstanceOf(PermissionDeniedException.class)
                    .hasMessageContaining("VIEW_DESTINATIONS");
            service.as(admin).pause("guarded");
        }
    }

    @Test
    void labels_roundTripThroughTheSchemaJson() {
        assertThat(Schema.fromJson(SCHEMA.toJson())).isEqualTo(SCHEMA);
        assertThat(SCHEMA.toJson()).contains("\"labels\":[\"C2\",\"S1\"]");
    }
}
