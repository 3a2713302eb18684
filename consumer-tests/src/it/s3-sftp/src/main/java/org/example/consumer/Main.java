package org.example.consumer;

import static org.example.consumer.ConsumerChecks.refusedCleanly;
import static org.example.consumer.ConsumerChecks.roundTrip;

import java.nio.file.Path;
import org.datasetexport.format.json.JsonLinesFiles;
import org.datasetexport.format.parquet.ParquetFiles;

/** S3 and SFTP with both formats. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        System.out.println(roundTrip(work, "json", JsonLinesFiles.reader()));
        System.out.println(roundTrip(work, "parquet", ParquetFiles.reader()));
        System.out.println(refusedCleanly(ConsumerChecks.s3()));
        System.out.println(refusedCleanly(ConsumerChecks.s3("compatibility", "plain")));
        System.out.println(refusedCleanly(ConsumerChecks.sftp()));
        // formats and destinations alone do not bring the flow runtime
        try {
            Class.forName("org.datasetexport.flows.ExportScheduler");
            throw new IllegalStateException("export-flows is on the classpath of a build that only added plug-ins");
        } catch (ClassNotFoundException expected) {
            System.out.println("no export-flows: OK");
        }
        System.out.println("consumer OK");
    }
}
