package org.example.consumer;

import static org.example.consumer.ConsumerChecks.refusedCleanly;
import static org.example.consumer.ConsumerChecks.roundTrip;

import java.nio.file.Path;
import org.datasetexport.format.json.JsonLinesFiles;
import org.datasetexport.format.parquet.ParquetFiles;

/** A shaded fat jar built with the README's configuration (services merged, signatures dropped), run with java -jar. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        System.out.println(roundTrip(work, "json", JsonLinesFiles.reader()));
        System.out.println(roundTrip(work, "parquet", ParquetFiles.reader()));
        System.out.println(refusedCleanly(ConsumerChecks.s3()));
        System.out.println("consumer OK");
    }
}
