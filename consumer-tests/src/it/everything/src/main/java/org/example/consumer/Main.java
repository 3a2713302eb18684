package org.example.consumer;

import static org.example.consumer.ConsumerChecks.closedPort;
import static org.example.consumer.ConsumerChecks.refusedCleanly;
import static org.example.consumer.ConsumerChecks.require;
import static org.example.consumer.ConsumerChecks.roundTrip;

import java.nio.file.Path;
import java.util.Map;
import org.datasetexport.Destinations;
import org.datasetexport.dest.gcs.GcsCredentials;
import org.datasetexport.dest.gcs.GcsDestination;
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
        System.out.println(refusedCleanly(Destinations.of("s3://exports/x", Map.of("endpoint", closedPort(), "pathStyle", "true",
                "accessKeyId", "AKIAEXAMPLE", "secretAccessKey", "not-a-secret", "maxAttempts", "1"))));
        System.out.println(refusedCleanly(GcsDestination.builder().bucket("exports").endpoint(closedPort()).projectId("p")
                .credentials(GcsCredentials.none()).maxAttempts(1).build()));
        System.out.println(refusedCleanly(Destinations.of("gs://exports/hmac", Map.of("hmacAccessKeyId", "GOOG1EXAMPLE",
                "hmacSecret", "not-a-secret", "endpoint", closedPort(), "maxAttempts", "1"))));
        String key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="; // Azurite's public key
        System.out.println(refusedCleanly(Destinations.of("wasbs://exports@devstoreaccount1/x", Map.of("accountKey", key,
                "endpoint", closedPort() + "/devstoreaccount1", "maxTries", "1"))));
        System.out.println(refusedCleanly(Destinations.of("abfss://exports@acct.dfs.core.windows.net/x", Map.of("accountKey", key,
                "endpoint", closedPort(), "maxTries", "1"))));
        System.out.println(refusedCleanly(Destinations.of("sftp://exporter@127.0.0.1:9/upload", Map.of("password", "not-a-secret",
                "insecureAcceptAnyHostKey", "true", "connectAttempts", "1", "connectTimeout", "PT2S"))));
        System.out.println("consumer OK");
    }
}
