package org.example.consumer;

import static org.example.consumer.ConsumerChecks.closedPort;
import static org.example.consumer.ConsumerChecks.refusedCleanly;
import static org.example.consumer.ConsumerChecks.require;
import static org.example.consumer.ConsumerChecks.roundTrip;

import java.nio.file.Path;
import java.util.Map;
import org.datasetexport.Destinations;
import org.datasetexport.format.json.JsonLinesFiles;
import org.datasetexport.format.parquet.ParquetFiles;

/** Azure Blob, the Data Landing Zone and ADLS Gen2 with both formats. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        System.out.println(roundTrip(work, "json", JsonLinesFiles.reader()));
        System.out.println(roundTrip(work, "parquet", ParquetFiles.reader()));
        String key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="; // Azurite's public key
        System.out.println(refusedCleanly(Destinations.of("wasbs://exports@devstoreaccount1/x", Map.of("accountKey", key,
                "endpoint", closedPort() + "/devstoreaccount1", "maxTries", "1"))));
        System.out.println(refusedCleanly(Destinations.of("dlz://exports/landing", Map.of("sasUri",
                closedPort() + "/devstoreaccount1/exports?sv=2023-11-03&sr=c&sp=racwdl&se=2030-01-01T00%3A00%3A00Z&sig=bm90LWEtc2ln",
                "maxTries", "1"))));
        System.out.println(refusedCleanly(Destinations.of("abfss://exports@acct.dfs.core.windows.net/x", Map.of("accountKey", key,
                "endpoint", closedPort(), "maxTries", "1"))));
        System.out.println("consumer OK");
    }
}
