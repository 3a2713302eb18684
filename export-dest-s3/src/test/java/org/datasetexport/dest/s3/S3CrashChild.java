package org.datasetexport.dest.s3;

import java.net.URI;
import org.datasetexport.DatasetExport;
import org.datasetexport.ExportBuilder;
import org.datasetexport.data.Datasets;
import org.datasetexport.testdata.GeneratedRows;

/** The S3 export that {@code S3CrashTest} kills mid-upload: one large file in 5 MiB parts. Run in a child JVM. */
public final class S3CrashChild {
    private S3CrashChild() {
    }

    /**
     * @param args the S3Mock endpoint, the key prefix, and optionally the rows per file (default:
     *        one ~430 MB file)
     */
    public static void main(String[] args) {
        try (S3Destination s3 = S3Destination.builder().bucket(S3MockServer.BUCKET).prefix(args[1])
                .endpointOverride(URI.create(args[0])).forcePathStyle(true).region("us-east-1")
                .credentials(S3Credentials.accessKey("AKIATESTKEY", "test-secret-do-not-print")).partSize(5 * 1024 * 1024)
                .build()) {
            ExportBuilder export = DatasetExport.from(Datasets.of("crash", GeneratedRows.SCHEMA, GeneratedRows.of(2_000_000, "y".repeat(200))))
                    .to(s3).format("json").manifest(true);
            if (args.length > 2) {
                export.maxRecordsPerFile(Long.parseLong(args[2]));
            }
            export.run();
        }
    }
}
