package org.datasetexport.flows;

import org.datasetexport.DatasetExport;
import org.datasetexport.ExportBuilder;
import org.datasetexport.ExportListener;
import org.datasetexport.ExportMode;
import org.datasetexport.ExportResult;
import org.datasetexport.Schedule;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.AbstractList;
import java.util.RandomAccess;
import org.datasetexport.data.Datasets;
import org.datasetexport.data.Row;
import org.datasetexport.dest.file.FileDestination;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The scheduler process that {@code FlowCrashTest} kills: a flow over a large dataset whose rows
 * were all ingested before the first slot, run once with {@code runDue()} at a fixed clock. With
 * mode {@code halt-after-manifest} the process halts itself right after the run's manifest is
 * committed, before history and watermark are written. Run in a child JVM.
 */
public final class FlowCrashChild {
    static final Instant SLOT = Instant.parse("2026-11-28T00:00:00Z");
    static final int ROWS = 3_000_000;

    private FlowCrashChild() {
    }

    /**
     * @param args the state (a folder, or a {@code jdbc:postgresql:} URL), the export folder, the mode
     *        ({@code run} or {@code halt-after-manifest})
     */
    public static void main(String[] args) {
        Clock clock = Clock.fixed(SLOT.plusSeconds(30), ZoneOffset.UTC);
        try (ExportScheduler scheduler = ExportScheduler.builder().clock(clock).stateStore(store(args[0]))
                .withoutBackgroundPolling().build()) {
            ExportListener halt = new ExportListener() {
                @Override
                public void runFinished(ExportResult result) {
                    if (args[2].equals("halt-after-manifest")) {
                        Runtime.getRuntime().halt(137);
                    }
                }
            };
            flow(scheduler, Path.of(args[1]), halt);
            scheduler.runDue();
        }
    }

    /** @return a directory store, or a JDBC store on the PostgreSQL URL */
    static StateStore store(String where) {
        if (where.startsWith("jdbc:")) {
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setURL(where);
            return StateStore.jdbc(ds);
        }
        return StateStore.directory(Path.of(where));
    }

    /** The flow, as both the child and the other scheduler start it. */
    static ExportFlow flow(ExportScheduler scheduler, Path exports, ExportListener... listeners) {
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
        ExportBuilder b = DatasetExport.from(Datasets.of("events", FlowFixture.SCHEMA, new Generated(), r -> (Instant) r.get(1)))
                .to(FileDestination.builder(exports).id("exports").build()).format("text").maxRecordsPerFile(50_000)
                .manifest(true).flowId("crashing").schedule(Schedule.everyHours(1).startingAt(SLOT))
                .mode(ExportMode.FIRST_FULL_THEN_INCREMENTAL);
        for (ExportListener l : listeners) {
            b.listener(l);
        }
        return b.start(scheduler);
    }
}
