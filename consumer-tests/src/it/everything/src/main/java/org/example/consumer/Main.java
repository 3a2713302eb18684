package org.example.consumer;

import static org.example.consumer.ConsumerChecks.closedPort;
import static org.example.consumer.ConsumerChecks.refusedCleanly;
import static org.example.consumer.ConsumerChecks.roundTrip;

import java.nio.file.Path;
import java.util.Map;
import org.datasetexport.Destinations;
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
        System.out.println("consumer OK");
    }
}
