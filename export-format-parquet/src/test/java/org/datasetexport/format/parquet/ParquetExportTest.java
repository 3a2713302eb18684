package org.datasetexport.format.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.UUID;
import org.datasetexport.Compression;
import org.datasetexport.ConfigurationException;
import org.datasetexport.DatasetExport;
import org.datasetexport.EmptyOutput;
import org.datasetexport.ExportResult;
import org.datasetexport.ExportVerifier;
import org.datasetexport.ExportedFile;
import org.datasetexport.data.DataType;
import org.datasetexport.data.Datasets;
import org.datasetexport.data.Field;
import org.datasetexport.data.Row;
import org.datasetexport.data.Schema;
import org.datasetexport.dest.file.FileDestination;
import org.datasetexport.spi.FormatProvider;
import org.datasetexport.testdata.DuckDbReader;
import org.datasetexport.testdata.ExperienceEvents;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ParquetExportTest {
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

    @ParameterizedTest
    @EnumSource(Compression.class)
    void export_nestedDatasetWithEveryType_readsBackEqualInDuckDb(Compression compression) throws Exception {
        List<Row> rows = ExperienceEvents.rows(1500, 42);
        FileDestination destination = FileDestination.of(dir);
        ExportResult result = DatasetExport.from(Datasets.of("experience-events", ExperienceEvents.SCHEMA, rows))
                .to(destination).format("parquet").compression(compression)
                .maxRecordsPerFile(500).manifest(true).run();

        String extension = new ParquetFormatProvider().create(Map.of()).fileExtension(compression);
        assertThat(result.files()).hasSize(3).allSatisfy(f -> assertThat(f.path()).endsWith("." + extension));
        List<List<Object>> fromDuck = new ArrayList<>();
        for (ExportedFile f : result.files()) {
            fromDuck.addAll(duck.readParquet(dir.resolve(f.path()), ExperienceEvents.SCHEMA));
        }
        assertThat(fromDuck).hasSize(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            assertThat(fromDuck.get(i)).as("row %d", i)
                    .isEqualTo(DuckDbReader.expected(rows.get(i), ExperienceEvents.SCHEMA.asStruct(), DuckDbReader.Source.PARQUET));
        }
        assertThat(ExportVerifier.verify(destination, result.manifestPath().orElseThrow()).problems()).isEmpty();
        String codec = switch (compression) {
            case NONE -> "UNCOMPRESSED";
            default -> compression.name();
        };
        assertThat(duck.query("SELECT DISTINCT compression FROM parquet_metadata('" + dir.resolve(result.files().get(0).path()) + "')"))
                .containsExactly(List.of(codec));
    }

    @Test
    void export_parquetSchema_carriesTheLogicalTypesEnginesExpect() throws Exception {
        ExportResult result = DatasetExport.from(Datasets.of("events", ExperienceEvents.SCHEMA, ExperienceEvents.rows(10, 1)))
                .to(FileDestination.of(dir)).format("parquet").run();
        Path file = dir.resolve(result.files().get(0).path());
        Map<String, List<String>> columns = new java.util.HashMap<>();
        for (List<String> c : duck.query("SELECT name, type, type_length, repetition_type, converted_type, scale, precision, "
                + "logical_type FROM parquet_schema('" + file + "')")) {
            columns.putIfAbsent(c.get(0), c);
        }
        assertThat(columns.get("_id")).containsSequence("BYTE_ARRAY", null, "REQUIRED", "UTF8");
        assertThat(columns.get("timestamp").get(1)).isEqualTo("INT64");
        assertThat(columns.get("timestamp").get(7)).contains("isAdjustedToUTC=1").contains("MICROS=MicroSeconds()");
        assertThat(columns.get("day")).containsSequence("INT32", null, "OPTIONAL", "DATE");
        assertThat(columns.get("price")).containsSequence("INT64", null, "OPTIONAL", "DECIMAL", "2", "10");
        assertThat(columns.get("smallAmount")).containsSequence("INT32", null, "OPTIONAL", "DECIMAL", "4", "4");
        assertThat(columns.get("bigAmount")).containsSequence("FIXED_LEN_BYTE_ARRAY", "16", "OPTIONAL", "DECIMAL", "9", "38");
        assertThat(columns.get("payload")).containsSequence("BYTE_ARRAY", null, "OPTIONAL", null);
        assertThat(columns.get("scores").get(4)).isEqualTo("LIST");
        assertThat(columns.get("list").get(3)).isEqualTo("REPEATED");
        assertThat(columns.get("identityMap").get(4)).isEqualTo("MAP");
        assertThat(columns.get("key_value").get(3)).isEqualTo("REPEATED");
        assertThat(columns.values()).noneMatch(c -> "INT96".equals(c.get(1)));

        assertThat(duck.query("SELECT decode(value) FROM parquet_kv_metadata('" + file + "') WHERE decode(key) = 'org.datasetexport.schema'"))
                .containsExactly(List.of(ExperienceEvents.SCHEMA.toJson()));
        assertThat(duck.query("SELECT typeof(\"timestamp\"), typeof(price), typeof(bigAmount), typeof(identityMap) FROM read_parquet('" + file + "') LIMIT 1"))
                .containsExactly(List.of("TIMESTAMP WITH TIME ZONE", "DECIMAL(10,2)", "DECIMAL(38,9)",
                        "MAP(VARCHAR, STRUCT(id VARCHAR, \"primary\" BOOLEAN)[])"));
    }

    @Test
    void export_emptyDatasetWithWriteEmptyFile_isAValidParquetFileWithTheSchemaAndNoRows() throws Exception {
        ExportResult result = DatasetExport.from(Datasets.of("empty", ExperienceEvents.SCHEMA, List.of()))
                .to(FileDestination.of(dir)).format("parquet").compression(Compression.SNAPPY)
                .emptyOutput(EmptyOutput.WRITE_EMPTY_FILE).run();
        Path file = dir.resolve(result.files().get(0).path());
        assertThat(duck.count("read_parquet('" + file + "')")).isZero();
        assertThat(duck.query("SELECT count(*) FROM parquet_schema('" + file + "') WHERE name = 'bigAmount'"))
                .containsExactly(List.of("1"));
    }

    @Test
    void export_emptyDatasetByDefault_writesNoFile() {
        ExportResult result = DatasetExport.from(Datasets.of("empty", ExperienceEvents.SCHEMA, List.of()))
                .to(FileDestination.of(dir)).format("parquet").manifest(true).run();
        assertThat(result.files()).isEmpty();
        assertThat(result.manifestPath()).isPresent();
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"NONE", "SNAPPY", "ZSTD"})
    void export_maxFileSize_accountsForTheBufferedRowGroup(Compression compression) throws Exception {
        long limit = 2L * 1024 * 1024;
        Schema schema = Schema.of(Field.required("id", DataType.LONG), Field.required("uuid", DataType.STRING),
                Field.optional("amount", DataType.DOUBLE));
        java.util.Random random = new java.util.Random(3);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 300_000; i++) {
            rows.add(Row.of((long) i, new UUID(random.nextLong(), random.nextLong()).toString(), random.nextDouble()));
        }
        ExportResult result = DatasetExport.from(Datasets.of("sized", schema, rows)).to(FileDestination.of(dir))
                .format("parquet").compression(compression).maxFileSize(limit).run();

        assertThat(result.files()).hasSizeGreaterThanOrEqualTo(3);
        for (ExportedFile f : result.files().subList(0, result.files().size() - 1)) {
            assertThat(Files.size(dir.resolve(f.path()))).as(f.path()).isBetween((long) (limit * 0.9), (long) (limit * 1.1));
        }
        long total = 0;
        for (ExportedFile f : result.files()) {
            total += duck.count("read_parquet('" + dir.resolve(f.path()) + "')");
        }
        assertThat(total).isEqualTo(rows.size());
    }

    @Test
    void provider_optionsSetRowGroupAndPageSize() {
        ParquetFormat format = (ParquetFormat) new ParquetFormatProvider().create(Map.of("row-group-size", "8MiB", "page-size", "64k"));
        assertThat(format.rowGroupSize()).isEqualTo(8L * 1024 * 1024);
        assertThat(format.pageSize()).isEqualTo(64 * 1024);
        assertThatThrownBy(() -> new ParquetFormatProvider().create(Map.of("rowgroupsize", "1")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("unknown option \"rowgroupsize\" for format \"parquet\"; valid keys: [page-size, row-group-size]");
        assertThatThrownBy(() -> new ParquetFormatProvider().create(Map.of("row-group-size", "lots")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("\"lots\" is not a size");
    }

    @Test
    void builder_formatOptions_reachTheProvider() throws Exception {
        ExportResult result = DatasetExport.from(Datasets.of("events", ExperienceEvents.SCHEMA, ExperienceEvents.rows(3000, 5)))
                .to(FileDestination.of(dir)).format("parquet", Map.of("row-group-size", "64KiB")).run();
        Path file = dir.resolve(result.files().get(0).path());
        assertThat(duck.query("SELECT count(DISTINCT row_group_id) > 1 FROM parquet_metadata('" + file + "')"))
                .containsExactly(List.of("true"));
    }

    @Test
    void serviceLoader_findsTheParquetProvider() {
        assertThat(ServiceLoader.load(FormatProvider.class).stream().map(p -> p.get().name())).contains("parquet");
    }
}
