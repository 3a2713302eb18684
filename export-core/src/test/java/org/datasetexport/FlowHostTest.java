package org.datasetexport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.datasetexport.engine.ExportPlan;
import org.datasetexport.testing.MemoryDestination;
import org.junit.jupiter.api.Test;

/**
 * {@code start(host)} is how a flow definition leaves export-core: the builder hands a
 * {@link FlowRequest} to any {@link FlowHost} (export-flows' scheduler is one), so the engine
 * needs no flow runtime. A host of one's own sees what the builder collected and gets a plan
 * checked as a one-off run's would be.
 */
class FlowHostTest {
    private final MemoryDestination memory = MemoryDestination.create();
    private final Schedule hourly = Schedule.everyHours(1).startingAt(Instant.parse("2026-12-01T00:00:00Z"));

    @Test
    void aHostOfOnesOwn_receivesTheDefinition_andAPlanCheckedLikeARun() {
        AtomicReference<ExportPlan> planned = new AtomicReference<>();
        String handle = DatasetExport.from(ExportTestData.dataset(3)).to(memory).format(new TextLinesFormat())
                .folder("out").maxRecordsPerFile(2).flowId("mine").schedule(hourly)
                .start(request -> {
                    assertThat(request.dataset().id()).isEqualTo("people");
                    assertThat(request.schedule()).isEqualTo(hourly);
                    assertThat(request.settings().folder()).isEqualTo("out");
                    assertThat(request.settings().maxRecordsPerFile()).isEqualTo(2);
                    assertThat(request.encryption()).isEmpty();
                    planned.set(request.plan(null));
                    return "started " + planned.get().flowId();
                });
        assertThat(handle).isEqualTo("started mine");
        assertThat(planned.get().destination()).isSameAs(memory);
        assertThat(planned.get().ownsDestination()).as("a destination given as an instance stays the app's").isFalse();
        assertThat(memory.committedPaths()).as("starting writes nothing").isEmpty();
    }

    @Test
    void noSchedule_isRefusedBeforeTheHostIsAsked() {
        assertThatThrownBy(() -> DatasetExport.from(ExportTestData.dataset(1)).to(memory)
                .start(request -> {
                    throw new AssertionError("the host must not be asked");
                }))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("needs schedule(...)");
        assertThatThrownBy(() -> DatasetExport.from(ExportTestData.dataset(1)).to(memory).schedule(hourly).start(null))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("host");
    }

    @Test
    void settingsThatNameAKey_planWithoutOne_isRefusedNamingTheKey() {
        ExportSettings encrypted = ExportSettings.builder().format("text").encryption("customer-key").build();
        assertThatThrownBy(() -> DatasetExport.from(ExportTestData.dataset(1)).to(memory).settings(encrypted).schedule(hourly)
                .start(request -> request.plan(null)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("\"customer-key\" but no key was given");
    }

    @Test
    void theRequestsSettings_areASnapshot() {
        AtomicReference<FlowRequest> kept = new AtomicReference<>();
        ExportBuilder builder = DatasetExport.from(ExportTestData.dataset(1)).to(memory).folder("first").schedule(hourly);
        builder.start(request -> {
            kept.set(request);
            return null;
        });
        builder.folder("second");
        assertThat(kept.get().settings().folder()).isEqualTo("first");
        assertThat(kept.get().toString()).contains("people").doesNotContain("second");
    }
}
