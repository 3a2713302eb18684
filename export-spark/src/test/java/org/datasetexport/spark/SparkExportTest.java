package org.datasetexport.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.datasetexport.Compression;
import org.datasetexport.ConfigurationException;
import org.datasetexport.ExportResult;
import org.datasetexport.ExportVerifier;
import org.datasetexport.ExportedFile;
import org.datasetexport.dest.file.FileDestination;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A DataFrame of every Spark type the SDK holds — nested structs, arrays of structs, maps — exported
 * by Spark tasks as JSON Lines and Parquet in every codec, read back equal by Spark itself and by
 * DuckDB, verified against the manifest; unsupported types refused by name before any task runs.
 */
class SparkExportTest {
    static final StructType ADDRESS = new StructType(new StructField[] {
            new StructField("city", DataTypes.StringType, true, Metadata.empty()),
            new StructField("zip", DataTypes.IntegerType, true, Metadata.empty())});
    static final StructType ITEM = new StructType(new StructField[] {
            new StructField("sku", DataTypes.StringType, false, Metadata.empty()),
            new StructField("qty", DataTypes.ShortType, true, Metadata.empty()),
            new StructField("tags", DataTypes.createArrayType(DataTypes.StringType, true), true, Metadata.empty())});
    static final StructType SCHEMA = new StructType(new StructField[] {
            new StructField("id", DataTypes.LongType, false, Metadata.empty()),
            new StructField("flag", DataTypes.BooleanType, true, Metadata.empty()),
            new StructField("tiny", DataTypes.ByteType, true, Metadata.empty()),
            new StructField("small", DataTypes.ShortType, true, Metadata.empty()),
            new StructField("num", DataTypes.IntegerType, true, Metadata.empty()),
            new StructField("real", DataTypes.FloatType, true, Metadata.empty()),
            new StructField("dbl", DataTypes.DoubleType, true, Metadata.empty()),
            new StructField("name", DataTypes.StringType, true, Metadata.empty()),
            new StructField("bytes", DataTypes.BinaryType, true, Metadata.empty()),
            new StructField("amount", DataTypes.createDecimalType(12, 2), true, Metadata.empty()),
            new StructField("big", DataTypes.createDecimalType(38, 10), true, Metadata.empty()),
            new StructField("born", DataTypes.DateType, true, Metadata.empty()),
            new StructField("at", DataTypes.TimestampType, true, Metadata.empty()),
            new StructField("address", ADDRESS, true, Metadata.empty()),
            new StructField("items", DataTypes.createArrayType(ITEM, true), true, Metadata.empty()),
            new StructField("attrs", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType, true), true, Metadata.empty()),
            new StructField("matrix", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.IntegerType, true), true), true,
                    Metadata.empty())});

    @TempDir
    Path dir;

    static List<Row> rows(int n) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean nulls = i % 7 == 3;
            Map<String, Long> attrs = new LinkedHashMap<>();
            attrs.put("a", (long) i);
            attrs.put("ü €", i % 5 == 0 ? null : -1L * i);
            rows.add(RowFactory.create((long) i,
                    nulls ? null : i % 2 == 0,
                    nulls ? null : (byte) (i % 128 - 64),
                    nulls ? null : (short) (i * 3 - 1000),
                    nulls ? null : i * 7919,
                    nulls ? null : i / 3.0f,
                    nulls ? null : i * 1.5e-3,
                    nulls ? null : "name \"" + i + "\" ü€\n\t" + "x".repeat(i % 40),
                    nulls ? null : new byte[] {(byte) i, 0, (byte) 0xff},
                    nulls ? null : new BigDecimal(i).movePointLeft(2),
                    nulls ? null : new BigDecimal("1234567890123456789012345678." + String.format("%010d", i)),
                    nulls ? null : java.sql.Date.valueOf(LocalDate.of(1969, 12, 31).plusDays(i)),
                    nulls ? null : Timestamp.from(Instant.parse("2026-11-30T23:59:59.123456Z").plusSeconds(i * 61L)),
                    nulls ? null : RowFactory.create(i % 3 == 0 ? null : "city-" + i, i % 4 == 0 ? null : 10_000 + i),
                    nulls ? null : List.of(RowFactory.create("sku-" + i, (short) 1, List.of("t1", "t2")),
                            RowFactory.create("sku-" + (i + 1), null, Arrays.asList("x", null))),
                    nulls ? null : attrs,
                    nulls ? null : List.of(List.of(1, 2), Arrays.asList(3, null), List.of())));
        }
        return rows;
    }

    static Dataset<Row> frame(SparkSession spark, int n, int partitions) {
        return spark.createDataFrame(rows(n), SCHEMA).repartition(partitions);
    }

    private static List<String> files(Path root) throws Exception {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/')).sorted().toList();
        }
    }

    private static List<Row> sorted(List<Row> rows) {
        List<Row> copy = new ArrayList<>(rows);
        copy.sort(Comparator.comparingLong(r -> r.getLong(0)));
        return copy;
    }

    @ParameterizedTest
    @CsvSource({"parquet,NONE", "parquet,SNAPPY", "parquet,GZIP", "parquet,ZSTD", "json,NONE", "json,GZIP", "json,ZSTD"})
    void everyType_isExportedByTasks_andReadBackEqualBySparkAndDuckDb(String format, Compression compression) throws Exception {
        SparkSession spark = LocalSpark.session();
        Dataset<Row> df = frame(spark, 2_000, 4).cache();
        Path out = dir.resolve("out");
        ExportResult result = SparkExport.from(df).datasetId("events").to(out.toUri().toString()).folder("nightly")
                .format(format).compression(compression).manifest(true).maxRecordsPerFile(300).run();

        assertThat(result.records()).isEqualTo(2_000);
        assertThat(result.files().stream().mapToLong(ExportedFile::records).sum()).isEqualTo(2_000);
        // every file of the run folder is in the result, and nothing else is there but the manifest
        List<String> expected = new ArrayList<>(result.files().stream().map(ExportedFile::path).toList());
        expected.add(result.manifestPath().orElseThrow());
        assertThat(files(out)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(result.files()).allSatisfy(f -> assertThat(f.name())
                .matches("part-0000[0-3]-" + result.runId() + "-c00\\d\\." + (format.equals("json") ? "json" : ".*parquet") + ".*"));
        try (FileDestination destination = FileDestination.of(out)) {
            assertThat(ExportVerifier.verify(destination, result.manifestPath().orElseThrow()).problems()).isEmpty();
        }

        // Spark reads back exactly the rows it was given
        String folder = out.resolve("nightly/events").toString();
        Dataset<Row> back = format.equals("parquet") ? spark.read().option("pathGlobFilter", "part-*").parquet(folder)
                : spark.read().option("pathGlobFilter", "part-*").schema(SCHEMA).json(folder);
        // (without the exportTime column Spark discovers from the folder name)
        assertThat(sorted(back.selectExpr(SCHEMA.fieldNames()).collectAsList())).isEqualTo(sorted(df.collectAsList()));

        // and so does DuckDB, an independent reader
        String glob = folder.replace("'", "''") + "/**/part-*";
        String read = format.equals("parquet") ? "read_parquet('" + glob + "')" : "read_json_auto('" + glob + "')";
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*), COUNT(DISTINCT id), SUM(id), SUM(CAST(amount AS DECIMAL(18,2))), "
                     + "MAX(address.zip), SUM(len(items)) FROM " + read)) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(2_000);
            assertThat(rs.getLong(2)).isEqualTo(2_000);
            assertThat(rs.getLong(3)).isEqualTo(1999L * 2000 / 2);
            BigDecimal amounts = BigDecimal.ZERO;
            long itemCount = 0;
            int maxZip = 0;
            for (Row r : df.collectAsList()) {
                if (!r.isNullAt(9)) {
                    amounts = amounts.add(r.getDecimal(9));
                }
                if (!r.isNullAt(14)) {
                    itemCount += r.getList(14).size();
                }
                if (!r.isNullAt(13) && !r.getStruct(13).isNullAt(1)) {
                    maxZip = Math.max(maxZip, r.getStruct(13).getInt(1));
                }
            }
            assertThat(rs.getBigDecimal(4)).isEqualByComparingTo(amounts);
            assertThat(rs.getInt(5)).isEqualTo(maxZip);
            assertThat(rs.getLong(6)).isEqualTo(itemCount);
        }
    }

    @Test
    void anEmptyFrame_writesNothing_orOneEmptyFileWhenAsked() throws Exception {
        SparkSession spark = LocalSpark.session();
        Dataset<Row> empty = frame(spark, 10, 2).where("id < 0");
        Path out = dir.resolve("empty");
        ExportResult none = SparkExport.from(empty).datasetId("events").to(out.toUri().toString()).format("json").manifest(true).run();
        assertThat(none.files()).isEmpty();
        assertThat(files(out)).containsExactly(none.manifestPath().orElseThrow());

        ExportResult one = SparkExport.from(empty).datasetId("events-empty").to(out.toUri().toString()).format("parquet")
                .settings(org.datasetexport.ExportSettings.builder().format("parquet").manifest(true)
                        .emptyOutput(org.datasetexport.EmptyOutput.WRITE_EMPTY_FILE).build())
                .run();
        assertThat(one.files()).singleElement().satisfies(f -> assertThat(f.records()).isZero());
        // a Parquet file with the schema and no rows, which Spark reads
        Dataset<Row> back = spark.read().parquet(out.resolve(one.files().get(0).path()).toString());
        assertThat(back.count()).isZero();
        assertThat(back.schema().fieldNames()).containsExactly(SCHEMA.fieldNames());
    }

    @Test
    void typesTheSdkCannotHold_areRefusedByName_beforeAnyTask() {
        SparkSession spark = LocalSpark.session();
        Path out = dir.resolve("refused");
        assertThatThrownBy(() -> SparkExport.from(spark.sql("SELECT 1 AS id, INTERVAL '1' DAY AS span")).datasetId("x")
                .to(out.toUri().toString()).format("json").run())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("column \"span\"").hasMessageContaining("interval");
        assertThatThrownBy(() -> SparkExport.from(spark.sql("SELECT 1 AS id, named_struct('at', TIMESTAMP_NTZ'2026-01-01 00:00:00') AS s"))
                .datasetId("x").to(out.toUri().toString()).format("json").run())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("column \"s.at\"").hasMessageContaining("timestamp_ntz")
                .hasMessageContaining("to_utc_timestamp");
        assertThatThrownBy(() -> SparkExport.from(spark.sql("SELECT map(1, 'a') AS m")).datasetId("x")
                .to(out.toUri().toString()).format("json").run())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("column \"m\" is a map with int keys");
        assertThatThrownBy(() -> SparkExport.from(spark.sql("SELECT 1 AS id")).to(out.toUri().toString()).run())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("datasetId");
        assertThat(out).doesNotExist();
    }
}
