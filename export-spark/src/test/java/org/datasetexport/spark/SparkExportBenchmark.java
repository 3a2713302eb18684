package org.datasetexport.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.datasetexport.Compression;

/**
 * Rows per second of {@link SparkExport} against Spark's own writers ({@code df.write().parquet},
 * {@code df.write().json}) on the same cached DataFrame, local mode, alternating rounds. Not a test:
 * run it by hand (see the module README for the command).
 *
 * <p>Arguments: rows (default 2,000,000), rounds (3), threads (2).
 */
public final class SparkExportBenchmark {
    private SparkExportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 2_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        SparkSession spark = SparkSession.builder().master("local[" + threads + "]").appName("export-spark-benchmark")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false").config("spark.sql.session.timeZone", "UTC").getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        Dataset<Row> df = spark.range(rows).selectExpr("id", "concat('event-', id % 1000) AS event_type",
                        "timestamp_seconds(1764547200 + id) AS at", "cast(id % 10000 AS decimal(12,2)) AS amount",
                        "named_struct('city', concat('city-', id % 97), 'zip', cast(id % 90000 AS int)) AS address",
                        "array(id % 7, id % 11) AS tags")
                .repartition(threads * 2).cache();
        System.out.printf(Locale.ROOT, "rows %,d, %d partitions, local[%d]%n", df.count(), df.rdd().getNumPartitions(), threads);
        Path base = Files.createTempDirectory("spark-bench");
        String[] cases = {"parquet:snappy", "json:gzip"};
        for (String c : cases) {
            String format = c.split(":")[0];
            Compression codec = Compression.valueOf(c.split(":")[1].toUpperCase(Locale.ROOT));
            double best = 0;
            double bestSpark = 0;
            for (int round = 0; round < rounds; round++) {
                Path a = base.resolve("sdk-" + round);
                long t0 = System.nanoTime();
                SparkExport.from(df).datasetId("bench").to(a.toUri().toString()).format(format).compression(codec).run();
                double sdk = rows / ((System.nanoTime() - t0) / 1e9);
                Path b = base.resolve("spark-" + round);
                long t1 = System.nanoTime();
                df.write().option("compression", codec.name().toLowerCase(Locale.ROOT)).format(format).save(b.toString());
                double own = rows / ((System.nanoTime() - t1) / 1e9);
                best = Math.max(best, sdk);
                bestSpark = Math.max(bestSpark, own);
                System.out.printf(Locale.ROOT, "%s round %d: SparkExport %,.0f rows/s, df.write %,.0f rows/s%n", c, round, sdk, own);
                delete(a);
                delete(b);
            }
            System.out.printf(Locale.ROOT, "%s best: SparkExport %,.0f rows/s, df.write %,.0f rows/s, ratio %.2f%n", c, best, bestSpark,
                    best / bestSpark);
        }
        spark.stop();
    }

    private static void delete(Path p) throws Exception {
        try (Stream<Path> walk = Files.walk(p)) {
            walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
