package org.datasetexport.dest.azure;

import org.datasetexport.DatasetExport;
import org.datasetexport.data.Datasets;
import org.datasetexport.testdata.GeneratedRows;

/** The Azure export that {@code AzureCrashTest} kills: many files of 20,000 rows, two workers, a manifest at the end. Run in a child JVM. */
public final class AzureCrashChild {
    private AzureCrashChild() {
    }

    /** @param args the Azurite blob endpoint, the container, the blob prefix */
    public static void main(String[] args) {
        try (AzureBlobDestination azure = AzureBlobDestination.builder().account(AzuriteServer.ACCOUNT).endpoint(args[0]).container(args[1])
                .prefix(args[2]).credentials(AzureCredentials.accountKey(AzuriteServer.ACCOUNT, AzuriteServer.KEY))
                .blockSize(1024 * 1024).build()) {
            DatasetExport.from(Datasets.of("crash", GeneratedRows.SCHEMA, GeneratedRows.of(2_000_000, "y".repeat(100))))
                    .to(azure).format("json").maxRecordsPerFile(20_000).parallelism(2).manifest(true).run();
        }
    }
}
