package org.datasetexport.examples;

import java.nio.file.Path;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.datasetexport.Compression;
import org.datasetexport.ExportResult;
import org.datasetexport.ExportVerifier;
import org.datasetexport.VerificationReport;
import org.datasetexport.dest.file.FileDestination;
import org.datasetexport.spark.SparkExport;

/**
 * A generated 10-million-row DataFrame exported by Spark tasks (local mode, every core) to a folder
 * as zstd Parquet with a manifest, then verified against the manifest.
 *
 * <pre>
 * mvn -B -q -DskipTests package exec:java -pl examples -am -Dexec.mainClass=org.datasetexport.examples.SparkExportExample
 * </pre>
 *
 * <p>Arguments: rows (default 10,000,000), output folder (default target/spark-export-example).
 */
public final class SparkExportExample {
    private SparkExportExample() {
    }

    /**
     * @param args rows, output folder
     */
    public static void main(String[] args) {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000;
        Path out = Path.of(args.length > 1 ? args[1] : "target/spark-export-example").toAbsolutePath();
        SparkSession spark = SparkSession.builder().master("local[*]").appName("datasetexport-spark-example")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false").config("spark.sql.session.timeZone", "UTC").getOrCreate();
        try {
            spark.sparkContext().setLogLevel("WARN");
            Dataset<Row> events = spark.range(rows).selectExpr("id", "concat('event-', id % 1000) AS event_type",
                    "timestamp_seconds(1764547200 + id) AS at", "cast(id % 10000 AS decimal(12,2)) AS amount",
                    "named_struct('city', concat('city-', id % 97), 'zip', cast(id % 90000 AS int)) AS address",
                    "array(id % 7, id % 11) AS tags");
            long started = System.nanoTime();
            ExportResult result = SparkExport.from(events).datasetId("events").to(out.toUri().toString()).folder("spark")
                    .format("parquet").compression(Compression.ZSTD).maxRecordsPerFile(2_000_000).manifest(true).run();
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf(Locale.ROOT, "exported %,d rows in %d files, %,d bytes, in %.1f s (%,.0f rows/s)%n", result.records(),
                    result.files().size(), result.bytes(), seconds, result.records() / seconds);
            System.out.println("manifest: " + out.resolve(result.manifestPath().orElseThrow()));
            try (FileDestination destination = FileDestination.of(out)) {
                VerificationReport report = ExportVerifier.verify(destination, result.manifestPath().orElseThrow());
                System.out.println(report.problems().isEmpty() ? "verified: every file matches the manifest" : "problems: " + report.problems());
            }
        } finally {
            spark.stop();
        }
    }
}
