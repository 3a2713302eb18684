package org.example.consumer;

import static org.example.consumer.ConsumerChecks.closedPort;
import static org.example.consumer.ConsumerChecks.refusedCleanly;
import static org.example.consumer.ConsumerChecks.require;
import static org.example.consumer.ConsumerChecks.roundTrip;

import java.nio.file.Path;
import java.util.Map;
import org.datasetexport.ConfigurationException;
import org.datasetexport.Destinations;
import org.datasetexport.dest.gcs.GcsCredentials;
import org.datasetexport.dest.gcs.GcsDestination;
import org.datasetexport.format.json.JsonLinesFiles;
import org.datasetexport.format.parquet.ParquetFiles;

/** GCS with both formats and nothing else: the project that crashed on its first export without a BOM; no AWS SDK on its classpath, and HMAC keys refused naming the artifact to add. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        System.out.println(roundTrip(work, "json", JsonLinesFiles.reader()));
        System.out.println(roundTrip(work, "parquet", ParquetFiles.reader()));
        System.out.println(refusedCleanly(GcsDestination.builder().bucket("exports").endpoint(closedPort()).projectId("p")
                .credentials(GcsCredentials.none()).maxAttempts(1).build()));
        boolean awsSdk;
        try {
            Class.forName("software.amazon.awssdk.core.SdkClient");
            awsSdk = true;
        } catch (ClassNotFoundException e) {
            awsSdk = false;
        }
        require(!awsSdk, "the AWS SDK is on the classpath of a GCS-only project");
        try {
            Destinations.of("gs://exports/x", Map.of("hmacAccessKeyId", "GOOG1EXAMPLE", "hmacSecret", "not-a-secret"));
            throw new IllegalStateException("an HMAC key was accepted without export-dest-s3");
        } catch (ConfigurationException e) {
            require(e.getMessage().contains("org.datasetexport:export-dest-s3"), "the HMAC refusal does not name the artifact: " + e.getMessage());
            System.out.println("GCS HMAC without export-dest-s3 refused: " + e.getMessage());
        }
        System.out.println("consumer OK");
    }
}
