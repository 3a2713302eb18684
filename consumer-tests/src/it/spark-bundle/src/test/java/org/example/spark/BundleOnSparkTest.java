package org.example.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.datasetexport.Compression;
import org.datasetexport.ExportResult;
import org.datasetexport.spark.SparkExport;
import org.junit.jupiter.api.Test;

class BundleOnSparkTest {
    @Test
    void exportsParquetAndJson_nextToSparksOwnParquetAndJackson() throws Exception {
        // the classpath is Spark's: its own parquet-mr (older than the bundle's) comes first
        // (the jar a class comes from: Version's constants are inlined at compile time, and both runs share one compile)
        String sparkParquet = org.apache.parquet.Version.class.getProtectionDomain().getCodeSource().getLocation().getPath();
        assertTrue(sparkParquet.contains("parquet-common-" + System.getProperty("expected.parquet")), sparkParquet);
        SparkSession spark = SparkSession.builder().master("local[2,3]").appName("bundle")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false").config("spark.sql.session.timeZone", "UTC").getOrCreate();
        try {
            Dataset<Row> df = spark.range(50_000).selectExpr("id", "concat('e-', id % 10) AS kind",
                    "timestamp_seconds(1764547200 + id) AS at", "named_struct('n', id % 7) AS s", "array(id, id + 1) AS xs")
                    .repartition(3);
            Path out = Files.createTempDirectory("bundle");
            ExportResult parquet = SparkExport.from(df).datasetId("events").to(out.toUri().toString()).format("parquet")
                    .compression(Compression.SNAPPY).manifest(true).run();
            assertEquals(50_000, parquet.records());
            Dataset<Row> back = spark.read().option("pathGlobFilter", "part-*").parquet(out.resolve("events").toString());
            assertEquals(50_000, back.count());
            assertEquals(50_000, back.select("id").distinct().count());

            ExportResult json = SparkExport.from(df).datasetId("events-json").to(out.toUri().toString()).format("json")
                    .compression(Compression.GZIP).manifest(true).run();
            assertEquals(50_000, json.records());
            assertEquals(50_000, spark.read().option("pathGlobFilter", "part-*").json(out.resolve("events-json").toString()).count());
        } finally {
            spark.stop();
        }
    }
}
