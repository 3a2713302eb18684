package org.datasetexport.examples;

import java.util.Map;
import org.datasetexport.Compression;
import org.datasetexport.DatasetExport;
import org.datasetexport.Destinations;
import org.datasetexport.ExportResult;
import org.datasetexport.data.Datasets;
import org.datasetexport.spi.Destination;

/**
 * Exports the sample events to Azure Blob Storage or to a Data Landing Zone.
 *
 * <ul>
 *   <li>{@code AzureExportExample blob <container> <account>} with {@code AZURE_STORAGE_CONNECTION_STRING}
 *       in the environment (the platform's method), e.g. Azurite's development connection string;</li>
 *   <li>{@code AzureExportExample dlz <container> '<container SAS URI>'}: the landing zone, SAS only.</li>
 * </ul>
 */
public final class AzureExportExample {
    private AzureExportExample() {
    }

    /**
     * @param args kind ({@code blob} or {@code dlz}), container, then the account (blob) or the SAS URI (dlz)
     */
    public static void main(String[] args) {
        if (args.length < 3) {
            System.err.println("usage: AzureExportExample blob <container> <account> | dlz <container> <sasUri>");
            System.exit(2);
        }
        String uri;
        Map<String, String> options;
        if (args[0].equals("dlz")) {
            uri = "dlz://" + args[1] + "/datasetexport-demo";
            options = Map.of("sasUri", args[2]);
        } else {
            uri = "wasbs://" + args[1] + "@" + args[2] + "/datasetexport-demo";
            options = Map.of("connectionString", System.getenv("AZURE_STORAGE_CONNECTION_STRING"));
        }
        try (Destination destination = Destinations.of(uri, options)) {
            destination.check(); // proves write, list and delete (a read-only landing-zone SAS fails here, saying so)
            ExportResult result = DatasetExport.from(Datasets.of("experience-events", SampleEvents.SCHEMA, SampleEvents.sampleEvents(10_000)))
                    .to(destination).format("parquet").compression(Compression.SNAPPY).manifest(true).run();
            System.out.printf("wrote %,d records in %d file(s) to %s%n", result.records(), result.files().size(), destination);
            result.files().forEach(f -> System.out.println("  " + f.path()));
        }
    }
}
