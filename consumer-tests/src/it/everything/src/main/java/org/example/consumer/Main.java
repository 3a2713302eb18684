package org.example.consumer;

import static org.example.consumer.ConsumerChecks.closedPort;
import static org.example.consumer.ConsumerChecks.refusedCleanly;
import static org.example.consumer.ConsumerChecks.roundTrip;

import java.nio.file.Path;
import java.util.Map;
import java.time.Duration;
import java.time.Instant;
import org.datasetexport.DatasetExport;
import org.datasetexport.Destinations;
import org.datasetexport.Schedule;
import org.datasetexport.data.Datasets;
import org.datasetexport.flows.ExportFlow;
import org.datasetexport.flows.ExportRun;
import org.datasetexport.flows.ExportScheduler;
import org.datasetexport.flows.RunStatus;
import org.datasetexport.flows.StateStore;
import org.datasetexport.dest.gcs.GcsCredentials;
import org.datasetexport.dest.gcs.GcsDestination;
import org.datasetexport.format.csv.CsvFiles;
import org.datasetexport.format.json.JsonLinesFiles;
import org.datasetexport.format.parquet.ParquetFiles;

/** Every module at once, declared in the order a user might add them. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        System.out.println(roundTrip(work, "json", JsonLinesFiles.reader()));
        System.out.println(roundTrip(work, "parquet", ParquetFiles.reader()));
        System.out.println(roundTrip(work, "csv", CsvFiles.reader()));
        System.out.println(refusedCleanly(ConsumerChecks.s3()));
        System.out.println(refusedCleanly(GcsDestination.builder().bucket("exports").endpoint(closedPort()).projectId("p")
                .credentials(GcsCredentials.none()).maxAttempts(1).build()));
        System.out.println(refusedCleanly(Destinations.of("gs://exports/hmac", Map.of("hmacAccessKeyId", "GOOG1EXAMPLE",
                "hmacSecret", "not-a-secret", "endpoint", closedPort(), "maxAttempts", "1"))));
        System.out.println(refusedCleanly(ConsumerChecks.azureBlob()));
        System.out.println(refusedCleanly(ConsumerChecks.adls()));
        System.out.println(refusedCleanly(ConsumerChecks.sftp()));
        System.out.println(scheduledFlow(work));
        System.out.println("consumer OK");
    }

    /** A flow from export-flows, started the way the README shows, run once and read back from its state store. */
    private static String scheduledFlow(Path work) {
        org.datasetexport.testing.MutableClock clock = org.datasetexport.testing.MutableClock.at(Instant.parse("2026-12-01T00:00:00Z"));
        Instant start = clock.instant().plus(Duration.ofMinutes(1));
        Path store = work.resolve("flow-state");
        try (ExportScheduler scheduler = ExportScheduler.builder().clock(clock).stateStore(StateStore.directory(store))
                .withoutBackgroundPolling().build()) {
            ExportFlow flow = DatasetExport.from(Datasets.of("flowed", ConsumerChecks.SCHEMA, ConsumerChecks.rows(10)))
                    .to(work.resolve("flow-out").toUri().toString()).format("json").flowId("consumer-flow")
                    .schedule(Schedule.once(start)).start(scheduler);
            clock.advance(Duration.ofMinutes(2));
            ExportRun run = scheduler.runDue().get(0);
            if (run.status() != RunStatus.SUCCEEDED || run.records() != 10 || !flow.runs().get(0).runId().equals(run.runId())) {
                throw new IllegalStateException("flow run: " + run);
            }
        }
        try (ExportScheduler again = ExportScheduler.builder().stateStore(StateStore.directory(store)).withoutBackgroundPolling().build()) {
            return "flow OK: " + again.stateStore().runs("consumer-flow", 0, 10).size() + " run(s) kept in " + store.getFileName();
        }
    }
}
