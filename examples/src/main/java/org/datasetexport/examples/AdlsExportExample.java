package org.datasetexport.examples;

import java.util.HashMap;
import java.util.Map;
import org.datasetexport.Compression;
import org.datasetexport.DatasetExport;
import org.datasetexport.Destinations;
import org.datasetexport.ExportResult;
import org.datasetexport.data.Datasets;
import org.datasetexport.spi.Destination;

/**
 * Exports the sample events to Azure Data Lake Storage Gen2 as snappy Parquet with a manifest.
 *
 * <p>Usage: {@code AdlsExportExample <account> <filesystem> [path]} with either
 * {@code ADLS_TENANT_ID}, {@code ADLS_CLIENT_ID}, {@code ADLS_CLIENT_SECRET} (a service principal with
 * the Storage Blob Data Contributor role) or {@code ADLS_ACCOUNT_KEY} in the environment.
 */
public final class AdlsExportExample {
    private AdlsExportExample() {
    }

    /**
     * @param args account, file system, optional path
     */
    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: AdlsExportExample <account> <filesystem> [path]");
            System.exit(2);
        }
        Map<String, String> options = new HashMap<>();
        if (System.getenv("ADLS_ACCOUNT_KEY") != null) {
            options.put("accountKey", System.getenv("ADLS_ACCOUNT_KEY"));
        } else {
            options.put("tenantId", System.getenv("ADLS_TENANT_ID"));
            options.put("clientId", System.getenv("ADLS_CLIENT_ID"));
            options.put("clientSecret", System.getenv("ADLS_CLIENT_SECRET"));
        }
        String uri = "abfss://" + args[1] + "@" + args[0] + ".dfs.core.windows.net/" + (args.length > 2 ? args[2] : "datasetexport-demo");
        try (Destination adls = Destinations.of(uri, options)) {
            adls.check(); // create, append, flush, rename, list and delete a probe
            ExportResult result = DatasetExport.from(Datasets.of("experience-events", SampleEvents.SCHEMA, SampleEvents.sampleEvents(10_000)))
                    .to(adls).format("parquet").compression(Compression.SNAPPY).manifest(true).run();
            System.out.printf("wrote %,d records in %d file(s) to %s%n", result.records(), result.files().size(), adls);
            result.files().forEach(f -> System.out.println("  " + f.path()));
        }
    }
}
