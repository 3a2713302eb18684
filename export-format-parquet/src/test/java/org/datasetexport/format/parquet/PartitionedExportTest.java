package org.datasetexport.format.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.datasetexport.Compression;
import org.datasetexport.DatasetExport;
import org.datasetexport.ExportResult;
import org.datasetexport.ExportVerifier;
import org.datasetexport.Partition;
import org.datasetexport.data.DataType;
import org.datasetexport.data.Datasets;
import org.datasetexport.data.Field;
import org.datasetexport.data.Row;
import org.datasetexport.data.Schema;
import org.datasetexport.dest.file.FileDestination;
import org.datasetexport.engine.PartitionLayout;
import org.datasetexport.testdata.DuckDbReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 17, item 1: partitioned exports read back by DuckDB with Hive partitioning, for JSON Lines
 * and Parquet — partition columns equal to the rows' values for values that need escaping
 * ({@code /}, {@code =}, {@code %}, spaces, quotes, unicode), the empty string and null, UTC days
 * and Iceberg buckets; the partition columns also stay in the files; the manifest verifies.
 */
class PartitionedExportTest {
    private static final Schema SCHEMA = Schema.of(
            Field.required("id", DataType.LONG),
            Field.optional("country", DataType.STRING),
            Field.required("ts", DataType.TIMESTAMP),
            Field.optional("address", DataType.struct(Field.optional("city", DataType.STRING))));
    private static final List<String> COUNTRIES = Arrays.asList("DE", "a/b=c%d e", "", null, "ü€ space",
            "x:y?z#", "..", "quote\"'", "back\\slash", "tab\there");
    private static DuckDbReader duck;

    @TempDir
    Path dir;

    @BeforeAll
    static void startDuckDb() throws Exception {
        duck = new DuckDbReader();
    }

    @AfterAll
    static void stopDuckDb() throws Exception {
        duck.close();
    }

    private static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (long i = 0; i < 300; i++) {
            String city = i % 3 == 0 ? null : "city/" + (i % 5);
            rows.add(Row.of(i, COUNTRIES.get((int) (i % COUNTRIES.size())),
                    Instant.parse("2026-11-27T22:00:00Z").plusSeconds(i * 600), city == null ? null : Row.of(city)));
        }
        return rows;
    }

    @ParameterizedTest
    @CsvSource({"json, NONE", "parquet, SNAPPY", "json, GZIP", "parquet, NONE"})
    void hivePartitionedExport_readsBackEqualInDuckDb(String format, Compression compression) throws Exception {
        List<Row> rows = rows();
        List<Partition> partitions = List.of(Partition.identity("country"), Partition.day("ts"), Partition.bucket(4, "id"),
                Partition.identity("address.city"));
        FileDestination destination = FileDestination.of(dir);
        ExportResult result = DatasetExport.from(Datasets.of("events", SCHEMA, rows)).to(destination).format(format)
                .compression(compression).partitionBy(partitions.toArray(new Partition[0])).maxOpenFiles(8).parallelism(2)
                .manifest(true).run();
        assertThat(ExportVerifier.verify(destination, result.manifestPath().orElseThrow()).problems()).isEmpty();
        assertThat(result.files()).hasSizeGreaterThan(20);

        String extension = new ParquetFormatProvider().create(Map.of()).fileExtension(compression);
        String glob = dir.resolve("events").toString().replace("'", "''") + "/**/part-*."
                + (format.equals("json") ? (compression == Compression.GZIP ? "json.gz" : "json") : extension);
        String reader = format.equals("json") ? "read_json_auto" : "read_parquet";
        List<List<String>> back = duck.query("SELECT id, CAST(country AS VARCHAR), CAST(ts_day AS VARCHAR), CAST(id_bucket AS VARCHAR), "
                + "CAST(\"address.city\" AS VARCHAR) FROM " + reader + "('" + glob + "', hive_partitioning = true, "
                + "hive_types_autocast = false) ORDER BY id");
        PartitionLayout buckets = PartitionLayout.of(List.of(Partition.bucket(4, "id")), SCHEMA, "events");
        assertThat(back).hasSize(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            List<String> got = back.get(i);
            Row address = (Row) r.get(3);
            List<Object> want = Arrays.asList(String.valueOf(r.get(0)), r.get(1),
                    LocalDate.ofInstant((Instant) r.get(2), ZoneOffset.UTC).toString(),
                    buckets.directory(r).substring("id_bucket=".length()),
                    address == null ? null : address.get(0));
            assertThat(new ArrayList<Object>(got)).as("row %d", i).isEqualTo(want);
        }
        // the partition columns stay in the files: read without Hive partitioning, country is the row's
        List<List<String>> plain = duck.query("SELECT id, country FROM " + reader + "('" + glob + "', hive_partitioning = false) ORDER BY id");
        Map<String, String> fileCountry = new HashMap<>();
        plain.forEach(p -> fileCountry.put(p.get(0), p.get(1)));
        for (Row r : rows) {
            assertThat(fileCountry.get(String.valueOf(r.get(0)))).isEqualTo(r.get(1));
        }
    }

}
