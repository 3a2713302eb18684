package org.datasetexport.examples;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.datasetexport.Compression;
import org.datasetexport.flows.ExportFlow;
import org.datasetexport.ExportMode;
import org.datasetexport.flows.ExportRun;
import org.datasetexport.flows.ExportScheduler;
import org.datasetexport.ExportSettings;
import org.datasetexport.flows.FlowDefinition;
import org.datasetexport.Schedule;
import org.datasetexport.flows.StateStore;
import org.datasetexport.data.Dataset;
import org.datasetexport.data.Datasets;
import org.datasetexport.data.Row;
import org.datasetexport.dest.file.FileDestination;
import org.datasetexport.flows.service.Authorizer;
import org.datasetexport.flows.service.Permission;
import org.datasetexport.flows.service.PermissionDeniedException;
import org.datasetexport.flows.service.Principal;
import org.datasetexport.flows.service.ExportService;
import org.datasetexport.testing.MutableClock;

/**
 * Flows as the platform's Flow Service offers them: the app registers its datasets and
 * connections, users act through an {@link ExportService} that checks their permissions, a flow is
 * a {@link FlowDefinition} (ids, schedule and one {@link ExportSettings} value), and changing it
 * keeps the watermark and records the change in the history. Time is simulated with a
 * {@link MutableClock} so it finishes at once.
 *
 * <p>Run: {@code mvn -B -q -DskipTests package exec:java -Dexec.mainClass=org.datasetexport.examples.FlowServiceExample}
 */
public final class FlowServiceExample {
    private FlowServiceExample() {
    }

    /**
     * @param args optional: the folder to export to (default {@code target/flow-service-demo})
     */
    public static void main(String[] args) {
        Path folder = Path.of(args.length > 0 ? args[0] : "target/flow-service-demo");
        Instant start = Instant.parse("2026-11-28T00:00:00Z");
        MutableClock clock = MutableClock.at(start);
        List<Row> events = new CopyOnWriteArrayList<>(SampleEvents.sampleEvents(500));
        events.replaceAll(e -> withTime(e, start.minusSeconds(60)));
        Dataset dataset = Datasets.of("experience-events", SampleEvents.SCHEMA, events, row -> (Instant) row.get(1));

        try (ExportScheduler scheduler = ExportScheduler.builder().clock(clock).stateStore(StateStore.inMemory())
                .withoutBackgroundPolling().build()) {
            // the app registers what flows may use; users never see the scheduler
            scheduler.datasets().register(dataset);
            scheduler.connections().register("backups", FileDestination.of(folder));
            ExportService service = ExportService.of(scheduler, Authorizer.requirePermissions());
            ExportService admin = service.as(Principal.of("ops", Permission.values()));
            ExportService viewer = service.as(Principal.of("analyst", Permission.VIEW_DESTINATIONS, Permission.VIEW_DATASETS));

            FlowDefinition daily = FlowDefinition.builder()
                    .flowId("events-daily").datasetId("experience-events").connection("backups")
                    .schedule(Schedule.everyHours(12).startingAt(start))
                    .settings(ExportSettings.builder().folder("service").format("json").compression(Compression.GZIP)
                            .manifest(true).mode(ExportMode.FIRST_FULL_THEN_INCREMENTAL).build())
                    .build();
            ExportFlow flow = admin.createFlow(daily);
            System.out.println("Datasets the analyst may see: " + viewer.datasetIds());
            scheduler.runDue();

            try {
                viewer.flow("events-daily").orElseThrow().runNow();
            } catch (PermissionDeniedException e) {
                System.out.println("Refused: " + e.getMessage());
            }

            // change a setting: the watermark carries over, the history records the change
            clock.advance(Duration.ofHours(1));
            admin.createFlow(daily.toBuilder()
                    .settings(daily.settings().toBuilder().maxRecordsPerFile(100).build()).build());
            for (int i = 0; i < 250; i++) {
                events.add(withTime(SampleEvents.sampleEvents(1).get(0), start.plus(Duration.ofHours(6)).plusSeconds(i)));
            }
            clock.set(start.plus(Duration.ofHours(12)));
            scheduler.runDue();

            System.out.println("Flow " + flow.id() + ", watermark " + flow.watermark().orElseThrow());
            for (ExportRun run : viewer.runs("events-daily", 0, 10).runs()) {
                System.out.printf("  %-9s %-17s %s  %,5d records in %d file(s)%s%n", run.status(), run.trigger(),
                        run.startedAt(), run.records(), run.fileCount(), run.note().map(n -> "  (" + n + ")").orElse(""));
            }
        }
    }

    private static Row withTime(Row event, Instant ingested) {
        Object[] values = event.values().toArray();
        values[1] = ingested;
        return Row.of(values);
    }
}
