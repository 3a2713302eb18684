package org.example.consumer;

import static org.example.consumer.ConsumerChecks.refusedCleanly;
import static org.example.consumer.ConsumerChecks.roundTrip;

import java.nio.file.Path;
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
        System.out.println(refusedCleanly(ConsumerChecks.azureBlob()));
        System.out.println(refusedCleanly(ConsumerChecks.dataLandingZone()));
        System.out.println(refusedCleanly(ConsumerChecks.adls()));
        System.out.println("consumer OK");
    }
}
