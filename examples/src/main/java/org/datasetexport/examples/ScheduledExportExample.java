package org.datasetexport.examples;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.datasetexport.Compression;
import org.datasetexport.DatasetExport;
import org.datasetexport.flows.ExportFlow;
import org.datasetexport.ExportMode;
import org.datasetexport.flows.ExportRun;
import org.datasetexport.flows.ExportScheduler;
import org.datasetexport.Schedule;
import org.datasetexport.flows.StateStore;
import org.datasetexport.data.Dataset;
import org.datasetexport.data.Datasets;
import org.datasetexport.data.Row;
import org.datasetexport.dest.file.FileDestination;
import org.datasetexport.testing.MutableClock;

/**
 * A flow every 3 hours, first full then incremental, over a dataset that keeps receiving events.
 * To finish in a second it drives a simulated day with a {@link MutableClock} and
 * {@code runDue()}; in an app you would build the scheduler with the default system clock and let
 * it poll in the background.
 *
 * <p>Run: {@code mvn -B -q -DskipTests package exec:java -Dexec.mainClass=org.datasetexport.examples.ScheduledExportExample}
 */
public final class ScheduledExportExample {
    private ScheduledExportExample() {
    }

    /**
     * @param args optional: the folder to export to (default {@code target/scheduled-demo})
     */
    public static void main(String[] args) {
        Path folder = Path.of(args.length > 0 ? args[0] : "target/scheduled-demo");
        Instant start = Instant.parse("2026-11-28T00:00:00Z");
        MutableClock clock = MutableClock.at(start);

        // events carry their ingestion time: that is what incremental windows select on
        List<Row> events = new CopyOnWriteArrayList<>(SampleEvents.sampleEvents(0));
        Dataset dataset = Datasets.of("experience-events", SampleEvents.SCHEMA, events, row -> (Instant) row.get(1));

        try (ExportScheduler scheduler = ExportScheduler.builder()
                .clock(clock)
                .stateStore(StateStore.inMemory()) // in an app: StateStore.directory(path) or StateStore.jdbc(dataSource), to survive restarts
                .withoutBackgroundPolling()
                .build()) {
            ExportFlow flow = DatasetExport.from(dataset)
                    .to(FileDestination.of(folder))
                    .folder("scheduled")
                    .format("json").compression(Compression.GZIP)
                    .manifest(true)
                    .schedule(Schedule.everyHours(3).startingAt(start))
                    .mode(ExportMode.FIRST_FULL_THEN_INCREMENTAL)
                    .start(scheduler);

            for (int slot = 0; slot < 8; slot++) {
                Instant now = start.plus(Duration.ofHours(3L * slot));
                // a few hundred events arrive during the three hours before each slot
                for (Row e : SampleEvents.sampleEvents(300 + 50 * slot)) {
                    events.add(withTime(e, now.minusSeconds(1 + (events.size() % 10_000))));
                }
                clock.set(now);
                scheduler.runDue();
            }

            System.out.println("Flow " + flow.id() + ", watermark " + flow.watermark().orElseThrow());
            for (ExportRun run : flow.runs()) {
                System.out.printf("  %-9s %-9s slot %s  window %-52s %,6d records in %d file(s)%n", run.status(),
                        run.trigger(), run.scheduledTime(), run.window(), run.records(), run.fileCount());
            }
        }
    }

    private static Row withTime(Row event, Instant ingested) {
        Object[] values = event.values().toArray();
        values[1] = ingested;
        return Row.of(values);
    }
}
