package org.datasetexport.format.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.UUID;
import org.datasetexport.Compression;
import org.datasetexport.ConfigurationException;
import org.datasetexport.DatasetExport;
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
import org.datasetexport.testing.MemoryDestination;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JsonLinesExportTest {
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
    @EnumSource(value = Compression.class, names = {"NONE", "GZIP", "ZSTD"})
    void export_nestedDatasetWithEveryType_readsBackEqualInDuckDb(Compression compression) throws Exception {
        List<Row> rows = ExperienceEvents.rows(1500, 42);
        FileDestination destination = FileDestination.of(dir);
        ExportResult result = DatasetExport.from(Datasets.of("experience-events", ExperienceEvents.SCHEMA, rows))
                .to(destination).folder("acme").format("json").compression(compression)
                .maxRecordsPerFile(500).manifest(true).run();

        String extension = switch (compression) {
            case GZIP -> ".json.gz";
            case ZSTD -> ".json.zst";
            default -> ".json";
        };
        assertThat(result.files()).hasSize(3).allSatisfy(f -> assertThat(f.path()).endsWith(extension));
        List<List<Object>> fromDuck = new ArrayList<>();
        for (ExportedFile f : result.files()) {
            fromDuck.addAll(duck.readJson(dir.resolve(f.path()), ExperienceEvents.SCHEMA));
        }
        assertThat(fromDuck).hasSize(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            List<Object> expected = DuckDbReader.expected(rows.get(i), ExperienceEvents.SCHEMA.asStruct(), DuckDbReader.Source.JSON);
            assertThat(fromDuck.get(i)).as("row %d", i).isEqualTo(expected);
        }
        assertThat(ExportVerifier.verify(destination, result.manifestPath().orElseThrow()).problems()).isEmpty();
    }

    @Test
    void export_writesOneObjectPerLineWithExplicitNullsPlainDecimalsAndMicroseconds() throws Exception {
        Schema schema = Schema.of(Field.required("id", DataType.INT), Field.optional("name", DataType.STRING),
                Field.optional("amount", DataType.decimal(10, 2)), Field.optional("at", DataType.TIMESTAMP),
                Field.optional("day", DataType.DATE), Field.optional("raw", DataType.BINARY),
                Field.optional("big", DataType.decimal(38, 9)));
        List<Row> rows = List.of(
                Row.of(1, null, new java.math.BigDecimal("1E+3"), java.time.Instant.parse("2026-11-28T09:00:00Z"),
                        java.time.LocalDate.of(2026, 11, 28), new byte[] {1, 2, 3},
                        new java.math.BigDecimal("-12345678901234567890123456789.000000001")),
                Row.of(2, "two", new java.math.BigDecimal("12.5"), java.time.Instant.parse("2026-11-28T09:00:00.1234567Z"),
                        null, null, null));
        ExportResult result = DatasetExport.from(Datasets.of("tiny", schema, rows)).to(FileDestination.of(dir))
                .format("json").run();

        String text = Files.readString(dir.resolve(result.files().get(0).path()), StandardCharsets.UTF_8);
        assertThat(text).isEqualTo(
                "{\"id\":1,\"name\":null,\"amount\":1000.00,\"at\":\"2026-11-28T09:00:00.000000Z\",\"day\":\"2026-11-28\",\"raw\":\"AQID\",\"big\":-12345678901234567890123456789.000000001}\n"
                + "{\"id\":2,\"name\":\"two\",\"amount\":12.50,\"at\":\"2026-11-28T09:00:00.123456Z\",\"day\":null,\"raw\":null,\"big\":null}\n");
    }

    @Test
    void export_hundredThousandRowsAtTenThousandPerFile_givesTenFilesDuckDbCounts() throws Exception {
        ExportResult result = DatasetExport.from(Datasets.of("events", ExperienceEvents.SCHEMA, ExperienceEvents.rows(100_000, 7)))
                .to(FileDestination.of(dir)).format("json").compression(Compression.GZIP)
                .maxRecordsPerFile(10_000).parallelism(2).run();

        assertThat(result.files()).hasSize(10);
        for (ExportedFile f : result.files()) {
            assertThat(duck.count("read_json('" + dir.resolve(f.path()) + "', format='newline_delimited')"))
                    .as(f.path()).isEqualTo(10_000);
        }
        assertThat(duck.count("read_json('" + dir + "/events/*/*.json.gz', format='newline_delimited')")).isEqualTo(100_000);
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"NONE", "GZIP", "ZSTD"})
    void export_maxFileSize_keepsEveryFileWithinTenPercentOfTheLimit(Compression compression) throws Exception {
        long limit = 1024 * 1024;
        Schema schema = Schema.of(Field.required("id", DataType.LONG), Field.required("uuid", DataType.STRING),
                Field.optional("text", DataType.STRING));
        List<Row> rows = new ArrayList<>();
        java.util.Random random = new java.util.Random(1);
        int count = compression == Compression.NONE ? 40_000 : 150_000;
        for (int i = 0; i < count; i++) {
            rows.add(Row.of((long) i, new UUID(random.nextLong(), random.nextLong()).toString(), "row " + i + " of the size test"));
        }
        ExportResult result = DatasetExport.from(Datasets.of("sized", schema, rows)).to(FileDestination.of(dir))
                .format("json").compression(compression).maxFileSize(limit).run();

        assertThat(result.files()).hasSizeGreaterThanOrEqualTo(4);
        List<ExportedFile> full = result.files().subList(0, result.files().size() - 1);
        for (ExportedFile f : full) {
            long size = Files.size(dir.resolve(f.path()));
            assertThat(size).as(f.path()).isEqualTo(f.sizeBytes()).isBetween((long) (limit * 0.9), (long) (limit * 1.1));
        }
        ExportedFile last = result.files().get(result.files().size() - 1);
        assertThat(last.sizeBytes()).isLessThanOrEqualTo((long) (limit * 1.1));
        long total = 0;
        for (ExportedFile f : result.files()) {
            total += duck.count("read_json('" + dir.resolve(f.path()) + "', format='newline_delimited')");
        }
        assertThat(total).isEqualTo(count);
    }

    @Test
    void format_snappy_isRejectedListingTheAllowedCompressions() {
        assertThatThrownBy(() -> DatasetExport.from(Datasets.of("x", ExperienceEvents.SCHEMA, List.of()))
                .to(MemoryDestination.create()).format("json").compression(Compression.SNAPPY).run())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("format \"json\" does not support compression SNAPPY; allowed: [NONE, GZIP, ZSTD]");
    }

    @Test
    void serviceLoader_findsTheJsonProvider() {
        assertThat(ServiceLoader.load(FormatProvider.class).stream().map(p -> p.get().name()))
                .containsExactly("json");
        assertThat(JsonLinesFormat.create().fileExtension(Compression.ZSTD)).isEqualTo("json.zst");
    }

    @Test
    void provider_unknownOption_isRejected() {
        assertThatThrownBy(() -> new JsonLinesFormatProvider().create(java.util.Map.of("pretty", "true")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("pretty");
    }
}
