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
 * Exports the sample events to Google Cloud Storage as ZSTD Parquet with a manifest.
 *
 * <p>Usage: {@code GcsExportExample bucket [endpoint]}. Credentials: {@code GCS_HMAC_ACCESS_KEY_ID} and
 * {@code GCS_HMAC_SECRET} (HMAC, through the XML API), or {@code GOOGLE_APPLICATION_CREDENTIALS}
 * (a service-account key file, through the JSON API), or any other Application Default Credentials.
 * With HMAC keys an S3-compatible endpoint such as S3Mock can stand in:
 * {@code GcsExportExample exports http://127.0.0.1:9090}.
 */
public final class GcsExportExample {
    private GcsExportExample() {
    }

    /**
     * @param args bucket, then optionally an endpoint
     */
    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: GcsExportExample bucket [endpoint]");
            System.exit(2);
        }
        Map<String, String> options = new HashMap<>();
        String hmacId = System.getenv("GCS_HMAC_ACCESS_KEY_ID");
        if (hmacId != null) {
            options.put("hmacAccessKeyId", hmacId);
            options.put("hmacSecret", System.getenv("GCS_HMAC_SECRET"));
        }
        if (args.length > 1) {
            options.put("endpoint", args[1]);
        }
        try (Destination gcs = Destinations.of("gs://" + args[0] + "/datasetexport-demo", options)) {
            gcs.check();
            ExportResult result = DatasetExport.from(Datasets.of("experience-events", SampleEvents.SCHEMA, SampleEvents.sampleEvents(10_000)))
                    .to(gcs).format("parquet").compression(Compression.ZSTD).manifest(true).run();
            System.out.printf("wrote %,d records in %d file(s) to %s%n", result.records(), result.files().size(), gcs);
            result.files().forEach(f -> System.out.println("  " + f.path()));
        }
    }
}
