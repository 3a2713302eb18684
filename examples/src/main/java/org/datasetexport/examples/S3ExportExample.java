package org.datasetexport.examples;

import java.util.HashMap;
import java.util.Map;
import org.datasetexport.Compression;
import org.datasetexport.DatasetExport;
import org.datasetexport.Destinations;
import org.datasetexport.ExportResult;
import org.datasetexport.ExportVerifier;
import org.datasetexport.data.Datasets;
import org.datasetexport.spi.Destination;

/**
 * Exports the sample events to S3 (or an S3-compatible store) as ZSTD Parquet with a manifest,
 * and verifies the upload against the manifest.
 *
 * <p>Usage: {@code S3ExportExample bucket [endpoint]}. Credentials come from the SDK's default
 * chain (environment, profile, instance role), or from {@code S3_ACCESS_KEY_ID} /
 * {@code S3_SECRET_ACCESS_KEY}; {@code S3_ROLE_ARN} (with optional {@code S3_EXTERNAL_ID}) assumes
 * a role. With an endpoint (S3Mock, MinIO), path-style addressing is used.
 */
public final class S3ExportExample {
    private S3ExportExample() {
    }

    /**
     * @param args bucket, then optionally an endpoint URL
     */
    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: S3ExportExample bucket [endpoint]");
            System.exit(2);
        }
        Map<String, String> options = new HashMap<>();
        if (args.length > 1) {
            options.put("endpoint", args[1]);
            options.put("pathStyle", "true");
        }
        putEnv(options, "accessKeyId", "S3_ACCESS_KEY_ID");
        putEnv(options, "secretAccessKey", "S3_SECRET_ACCESS_KEY");
        putEnv(options, "roleArn", "S3_ROLE_ARN");
        putEnv(options, "externalId", "S3_EXTERNAL_ID");
        putEnv(options, "region", "AWS_REGION");

        try (Destination s3 = Destinations.of("s3://" + args[0] + "/datasetexport-demo", options)) {
            s3.check(); // proves PutObject, ListBucket, DeleteObject and AbortMultipartUpload before any data moves
            ExportResult result = DatasetExport.from(Datasets.of("experience-events", SampleEvents.SCHEMA, SampleEvents.sampleEvents(20_000)))
                    .to(s3)
                    .format("parquet").compression(Compression.ZSTD)
                    .manifest(true)
                    .run();
            System.out.printf("wrote %,d records in %d file(s) to %s; verification %s%n", result.records(),
                    result.files().size(), s3, ExportVerifier.verify(s3, result.manifestPath().orElseThrow()).ok() ? "OK" : "FAILED");
            result.files().forEach(f -> System.out.println("  " + f.path() + "  " + f.sizeBytes() + " bytes"));
        }
    }

    private static void putEnv(Map<String, String> options, String key, String variable) {
        String value = System.getenv(variable);
        if (value != null && !value.isBlank()) {
            options.put(key, value);
        }
    }
}
