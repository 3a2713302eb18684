package org.datasetexport;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.AbstractList;
import java.util.RandomAccess;
import org.datasetexport.data.Datasets;
import org.datasetexport.data.Row;
import org.datasetexport.dest.file.FileDestination;

/**
 * The scheduler process that {@code FlowCrashTest} kills mid-run: a flow over a large dataset
 * whose rows were all ingested before the first slot, run once with {@code runDue()} at a fixed
 * clock. Run in a child JVM.
 */
public final class FlowCrashChild {
    static final Instant SLOT = Instant.parse("2026-11-28T00:00:00Z");
    static final int ROWS = 3_000_000;

    private FlowCrashChild() {
    }

    /**
     * @param args the state folder and the export folder
     */
    public static void main(String[] args) {
        Clock clock = Clock.fixed(SLOT.plusSeconds(30), ZoneOffset.UTC);
        try (ExportScheduler scheduler = ExportScheduler.builder().clock(clock).stateStore(StateStore.directory(Path.of(args[0])))
                .withoutBackgroundPolling().build()) {
            flow(scheduler, Path.of(args[1]));
            scheduler.runDue();
        }
    }

    /** The flow, as both the child and the restarted parent start it. */
    static ExportFlow flow(ExportScheduler scheduler, Path exports) {
        class Generated extends AbstractList<Row> implements RandomAccess {
            @Override
            public Row get(int index) {
                return Row.of((long) index, SLOT.minusSeconds(60));
            }

            @Override
            public int size() {
                return ROWS;
            }
        }
        return DatasetExport.from(Datasets.of("events", FlowFixture.SCHEMA, new Generated(), r -> (Instant) r.get(1)))
                .to(FileDestination.builder(exports).id("exports").build()).format("text").maxRecordsPerFile(50_000)
                .manifest(true).flowId("crashing").schedule(Schedule.everyHours(1).startingAt(SLOT))
                .mode(ExportMode.FIRST_FULL_THEN_INCREMENTAL).start(scheduler);
    }
}
