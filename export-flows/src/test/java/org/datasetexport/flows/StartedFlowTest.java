package org.datasetexport.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.datasetexport.Compression;
import org.datasetexport.ConfigurationException;
import org.datasetexport.CountingDataset;
import org.datasetexport.DatasetExport;
import org.datasetexport.EmptyOutput;
import org.datasetexport.ExportBuilder;
import org.datasetexport.ExportMode;
import org.datasetexport.ExportPreview;
import org.datasetexport.ExportSettings;
import org.datasetexport.ExportTestData;
import org.datasetexport.Schedule;
import org.datasetexport.TextLinesFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.datasetexport.data.DataType;
import org.datasetexport.data.Datasets;
import org.datasetexport.data.Field;
import org.datasetexport.data.Row;
import org.datasetexport.data.Schema;
import org.datasetexport.data.TimeWindow;
import org.datasetexport.flows.internal.state.FlowJsonAccess;
import org.datasetexport.testdata.NullArguments;
import org.datasetexport.testdata.SettingsFixtures;
import org.datasetexport.testing.MemoryDestination;
import org.datasetexport.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the one-off features (dry runs, success markers, settings, null-argument refusals) do for
 * a flow started with {@code ExportBuilder.start(scheduler)}: the flow-side halves of export-core's
 * DryRunTest, SuccessMarkerTest, ExportSettingsTest, SettingsLanguageTest, NullArgumentsTest and
 * ExportBuilderTest.
 */
class StartedFlowTest {
    private static final Schema SCHEMA = Schema.of(
            Field.required("id", DataType.LONG),
            Field.optional("email", DataType.STRING).withLabels("I1"),
            Field.optional("ssn", DataType.STRING).withLabels("S1"));
    private static final ExportSettings EVERY_FIELD_CHANGED = ExportSettings.builder().folder("a/b").format("parquet")
            .formatOptions(java.util.Map.of("row-group-size", "64MiB")).compression(Compression.ZSTD).manifest(true)
            .maxFileSize(123).maxRecordsPerFile(45).parallelism(6).emptyOutput(EmptyOutput.WRITE_EMPTY_FILE)
            .mode(ExportMode.FIRST_FULL_THEN_INCREMENTAL).incrementalLag(Duration.ofMinutes(7)).purpose("analytics")
            .encryption("partner-key").build();

    private final MemoryDestination memory = MemoryDestination.create();
    private final MutableClock clock = MutableClock.at(Instant.parse("2026-11-28T09:00:30Z"));

    @AfterEach
    void noLeaks() {
        memory.assertNoOpenOutputs();
    }

    private ExportBuilder builder() {
        return DatasetExport.from(ExportTestData.dataset(10));
    }

    private ExportBuilder export(int rows) {
        return DatasetExport.from(ExportTestData.dataset(rows)).to(memory).format(new TextLinesFormat()).clock(clock);
    }

    @Test
    void flow_previewsTheWindowOfItsNextRun_andChangesNothing() {
        CountingDataset dataset = new CountingDataset(Datasets.of("people", SCHEMA, List.of(Row.of(1L, "a", "b")), r -> clock.instant()));
        try (ExportScheduler scheduler = ExportScheduler.builder().clock(clock).stateStore(StateStore.inMemory())
                .withoutBackgroundPolling().build()) {
            ExportFlow flow = DatasetExport.from(dataset).to(memory).format(new TextLinesFormat()).clock(clock).flowId("hourly")
                    .mode(ExportMode.FIRST_FULL_THEN_INCREMENTAL)
                    .schedule(Schedule.everyHours(1)).start(scheduler);
            Instant next = flow.nextRunAt().orElseThrow();
            ExportPreview before = flow.dryRun();
            assertThat(before.window()).as("first run: everything up to its slot").isEqualTo(TimeWindow.upTo(next));
            assertThat(before.runFolder()).endsWith("exportTime=202611281000");
            assertThat(flow.runs()).isEmpty();
            assertThat(memory.committedPaths()).isEmpty();
            assertThat(dataset.reads).hasValue(0);

            clock.advance(Duration.ofHours(1));
            assertThat(scheduler.runDue()).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED));
            Instant watermark = flow.watermark().orElseThrow();
            int readsAfterRun = dataset.reads.get();
            Set<String> files = memory.committedPaths();
            ExportPreview after = flow.dryRun();
            assertThat(after.window()).as("then from the watermark").isEqualTo(TimeWindow.between(watermark, flow.nextRunAt().orElseThrow()));
            assertThat(flow.runs()).hasSize(1);
            assertThat(flow.watermark()).hasValue(watermark);
            assertThat(dataset.reads).hasValue(readsAfterRun);
            assertThat(memory.committedPaths()).isEqualTo(files);
        }
    }


    @Test
    void builder_changedAfterStart_doesNotChangeTheStartedFlow() {
        try (ExportScheduler scheduler = ExportScheduler.builder().stateStore(StateStore.inMemory())
                .clock(org.datasetexport.testing.MutableClock.create()).withoutBackgroundPolling().build()) {
            ExportBuilder b = builder().to(memory).format(new TextLinesFormat()).maxRecordsPerFile(5).folder("first")
                    .schedule(Schedule.once(org.datasetexport.testing.MutableClock.DEFAULT_START));
            b.start(scheduler);
            b.maxRecordsPerFile(1).folder("second").flowId("other");

            ExportRun run = scheduler.runDue().get(0);
            assertThat(run.fileCount()).isEqualTo(2);
            assertThat(memory.committedPaths()).allMatch(p -> p.startsWith("first/"));
        }
    }


    @Test
    void aFlowKeepsTheSetting_throughItsPersistedState() {
        try (ExportScheduler scheduler = ExportScheduler.builder().clock(clock).stateStore(StateStore.inMemory())
                .withoutBackgroundPolling().build()) {
            ExportFlow flow = export(100).flowId("marked").successMarker(true).schedule(Schedule.everyHours(1).startingAt(clock.instant()))
                    .start(scheduler);
            assertThat(flow.definition().settings().successMarker()).isTrue();
            assertThat(FlowJsonAccess.roundTrip(flow.definition().settings())).isEqualTo(flow.definition().settings());
            // the state JSON spells it as every front end does (the settings language)
            assertThat(FlowJsonAccess.json(flow.definition().settings())).contains("\"success-marker\":true");
            clock.advance(Duration.ofSeconds(5));
            assertThat(scheduler.runDue()).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED));
            assertThat(memory.committedPaths()).anyMatch(p -> p.endsWith("/_SUCCESS"));
        }
    }


    @Test
    void everyField_roundTripsThroughTheFlowDefinitionJson() {
        // each field differs from its default, so one that the JSON form forgets comes back as the default
        ExportSettings defaults = ExportSettings.defaults();
        assertThat(Stream.of(EVERY_FIELD_CHANGED.folder().equals(defaults.folder()),
                EVERY_FIELD_CHANGED.format().equals(defaults.format()),
                EVERY_FIELD_CHANGED.compression() == defaults.compression(),
                EVERY_FIELD_CHANGED.maxFileSize() == defaults.maxFileSize(),
                EVERY_FIELD_CHANGED.incrementalLag().equals(defaults.incrementalLag()))).containsOnly(false);
        FlowDefinition d = FlowDefinition.builder().flowId("f").datasetId("ds").connection("c")
                .schedule(Schedule.daily(java.time.LocalTime.NOON)).settings(EVERY_FIELD_CHANGED).build();
        assertThat(d.toJson()).startsWith("{\"formatVersion\":2,");
        assertThat(FlowDefinition.fromJson(d.toJson())).isEqualTo(d);
        assertThat(FlowDefinition.fromJson(d.toJson()).settings()).isEqualTo(EVERY_FIELD_CHANGED);
    }

    @Test
    void flowDefinition_missingPart_failsNamingIt() {
        assertThatThrownBy(() -> FlowDefinition.builder().datasetId("ds").connection("c").schedule(Schedule.everyHours(1)).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("flowId");
        assertThatThrownBy(() -> FlowDefinition.builder().flowId("f").datasetId("ds").connection("c").build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("schedule");
        assertThatThrownBy(() -> FlowDefinition.fromJson("{\"formatVersion\":3,\"flowId\":\"f\"}"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("formatVersion 3, written by a newer datasetexport");
    }


    @Test
    void theStateJson_roundTripsEveryProperty_inTheSameSpelling() {
        assertThat(FlowJsonAccess.roundTrip(SettingsFixtures.everyField())).isEqualTo(SettingsFixtures.everyField());
        String json = FlowJsonAccess.json(SettingsFixtures.everyField());
        for (String key : ExportSettings.treeKeys()) {
            assertThat(json).contains("\"" + key + "\"");
        }
    }


    @Test
    void exportSchedulerBuilder() {
        assertThat(NullArguments.offences(ExportScheduler::builder, Set.of())).isEmpty();
    }

    @Test
    void flowDefinitionBuilder() {
        assertThat(NullArguments.offences(FlowDefinition::builder, Set.of())).isEmpty();
    }

    @Test
    void exportRunBuilder_nullMeansNone() {
        // the optional parts of a run: null is "none", documented on each setter
        assertThat(NullArguments.offences(() -> ExportRun.scheduled("r", "f", RunTrigger.SCHEDULED, 1,
                        java.time.Instant.EPOCH, java.time.Instant.EPOCH, org.datasetexport.data.TimeWindow.upTo(java.time.Instant.EPOCH))
                .toBuilder(), Set.of("finishedAt", "manifestPath", "error", "note", "schema", "schemaChange", "schemaFingerprint")))
                .isEmpty();
    }
}
