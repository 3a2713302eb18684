package org.datasetexport.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.datasetexport.flows.FlowFixture.T0;

import org.datasetexport.ConfigurationException;
import org.datasetexport.ExportMode;
import org.datasetexport.ExportSettings;
import org.datasetexport.Schedule;
import java.time.Duration;
import org.datasetexport.data.DataType;
import org.datasetexport.data.Datasets;
import org.datasetexport.data.Field;
import org.datasetexport.data.Schema;
import org.datasetexport.flows.service.ExportService;
import org.datasetexport.testing.MemoryDestination;
import org.datasetexport.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ExportServiceTest {
    private final MutableClock clock = MutableClock.at(T0);
    private final ExportScheduler scheduler = ExportScheduler.builder().clock(clock).stateStore(StateStore.inMemory())
            .withoutBackgroundPolling().build();
    private final ExportService service = ExportService.of(scheduler);
    private final FlowFixture data = new FlowFixture();
    private final MemoryDestination memory = MemoryDestination.create();

    @AfterEach
    void close() {
        scheduler.close();
    }

    private FlowDefinition definition(String flowId, String format) {
        return FlowDefinition.builder().flowId(flowId).datasetId("events").connection("mem")
                .schedule(Schedule.everyHours(2).startingAt(T0))
                .settings(ExportSettings.builder().folder("svc").format(format).manifest(true)
                        .mode(ExportMode.FIRST_FULL_THEN_INCREMENTAL).build())
                .build();
    }

    @Test
    void availableTypesAndFormats_comeFromTheClasspath() {
        assertThat(service.destinationTypes()).containsExactly("counting", "file", "memory");
        assertThat(service.formats()).contains("text", "nomaps");
    }

    @Test
    void eligibleDatasets_marksDatasetsAFormatCannotWriteWithTheReason() {
        scheduler.connections().register("mem", memory);
        scheduler.datasets().register(data.dataset);
        scheduler.datasets().register(Datasets.of("with-map", Schema.of(Field.optional("attrs", DataType.map(DataType.STRING))),
                java.util.List.of()));

        assertThat(service.eligibleDatasets("mem", "nomaps")).containsExactly(
                new ExportService.Eligibility("events", true, java.util.Optional.empty()),
                new ExportService.Eligibility("with-map", false,
                        java.util.Optional.of("field \"attrs\" is a map, which nomaps cannot write")));
        assertThat(service.eligibleDatasets("mem", "text")).allMatch(ExportService.Eligibility::eligible);
        assertThatThrownBy(() -> service.eligibleDatasets("nope", "text"))
                .isInstanceOf(ConfigurationException.class).hasMessage("no connection named \"nope\"; registered: [mem]");
    }

    @Test
    void flows_createRunPageAndDelete() {
        scheduler.connections().register("mem", memory);
        scheduler.datasets().register(data.dataset);
        ExportFlow flow = service.createFlow(definition("svc-flow", "text"));
        assertThat(service.flow("svc-flow")).hasValueSatisfying(f -> assertThat(f.id()).isEqualTo(flow.id()));

        for (int i = 0; i < 5; i++) {
            data.add(clock.instant().minusSeconds(1));
            clock.advance(Duration.ofHours(2));
            assertThat(service.runNow("svc-flow").status()).isEqualTo(RunStatus.SUCCEEDED);
        }
        ExportService.Page first = service.runs("svc-flow", 0, 2);
        ExportService.Page last = service.runs("svc-flow", 2, 2);
        assertThat(first.runs()).hasSize(2);
        assertThat(first.hasMore()).isTrue();
        assertThat(last.runs()).hasSize(1);
        assertThat(last.hasMore()).isFalse();
        assertThat(first.runs().get(0).startedAt()).isAfter(first.runs().get(1).startedAt());

        service.pause("svc-flow");
        assertThat(flow.status()).isEqualTo(FlowStatus.PAUSED);
        service.resume("svc-flow");
        service.delete("svc-flow");
        assertThat(service.flow("svc-flow")).isEmpty();
        assertThat(scheduler.stateStore().flow("svc-flow")).isEmpty();
    }

    @Test
    void createFlow_ineligibleDatasetOrUnknownParts_failsWithTheReason() {
        scheduler.connections().register("mem", memory);
        scheduler.datasets().register(Datasets.of("events", Schema.of(Field.optional("attrs", DataType.map(DataType.STRING))),
                java.util.List.of()));
        assertThatThrownBy(() -> service.createFlow(definition("bad", "nomaps")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("dataset \"events\" is not eligible for format \"nomaps\": field \"attrs\" is a map, which nomaps cannot write");
        assertThatThrownBy(() -> service.createFlow(FlowDefinition.builder().flowId("x").datasetId("missing")
                .connection("mem").schedule(Schedule.everyHours(1))
                .settings(ExportSettings.builder().format("text").maxFileSize(1).maxRecordsPerFile(1).build()).build()))
                .hasMessage("no dataset \"missing\" in the catalog; registered: [events]");
    }
}
