package org.datasetexport.format.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.datasetexport.Compression;
import org.datasetexport.ConfigurationException;
import org.datasetexport.DatasetExport;
import org.datasetexport.ExportException;
import org.datasetexport.ExportResult;
import org.datasetexport.ExportedFile;
import org.datasetexport.data.DataType;
import org.datasetexport.data.Datasets;
import org.datasetexport.data.Field;
import org.datasetexport.data.Row;
import org.datasetexport.data.RowReader;
import org.datasetexport.data.ScanRequest;
import org.datasetexport.data.Schema;
import org.datasetexport.data.Split;
import org.datasetexport.data.TimeWindow;
import org.datasetexport.dest.file.FileDestination;
import org.datasetexport.files.FileDataset;
import org.datasetexport.files.FileSource;
import org.datasetexport.format.json.JsonLinesFiles;
import org.datasetexport.testdata.DuckDbReader;
import org.datasetexport.testdata.ExperienceEvents;
import org.datasetexport.testing.MemoryDestination;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Folders of Parquet and JSON Lines files as datasets: conversions both ways, from a store, incremental selection, bad files. */
class FileConversionTest {
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

    private static final Comparator<List<Object>> BY_ID = Comparator.comparing(r -> (String) r.get(0));

    @Test
    void parquetFolder_toJsonLines_readsBackEqualInDuckDb() throws Exception {
        List<Row> rows = ExperienceEvents.rows(3000, 7);
        DatasetExport.from(Datasets.of("events", ExperienceEvents.SCHEMA, rows)).to(FileDestination.of(dir.resolve("lake")))
                .format("parquet").compression(Compression.SNAPPY).maxRecordsPerFile(1000).manifest(true).run();

        FileDataset parquet = FileDataset.builder(FileSource.local(dir.resolve("lake")), ParquetFiles.reader()).id("events").build();
        assertThat(parquet.schema()).as("the schema comes back from the footer").isEqualTo(ExperienceEvents.SCHEMA);
        ExportResult json = DatasetExport.from(parquet).to(FileDestination.of(dir.resolve("out"))).format("json")
                .compression(Compression.GZIP).parallelism(2).run();

        assertThat(json.records()).isEqualTo(3000);
        List<List<Object>> back = new ArrayList<>();
        for (ExportedFile f : json.files()) {
            back.addAll(duck.readJson(dir.resolve("out").resolve(f.path()), ExperienceEvents.SCHEMA));
        }
        assertThat(sorted(back)).isEqualTo(expected(rows, DuckDbReader.Source.JSON));
    }

    @Test
    void jsonLinesFolder_toParquet_readsBackEqualInDuckDb_withExactDecimals() throws Exception {
        List<Row> rows = ExperienceEvents.rows(2500, 11);
        DatasetExport.from(Datasets.of("events", ExperienceEvents.SCHEMA, rows)).to(FileDestination.of(dir.resolve("landing")))
                .format("json").compression(Compression.ZSTD).maxRecordsPerFile(1000).manifest(true).run();

        FileDataset json = FileDataset.builder(FileSource.local(dir.resolve("landing")), JsonLinesFiles.reader())
                .id("events").schema(ExperienceEvents.SCHEMA).build();
        ExportResult parquet = DatasetExport.from(json).to(FileDestination.of(dir.resolve("lake"))).format("parquet").parallelism(3).run();

        assertThat(json.plan(new ScanRequest(TimeWindow.upTo(Instant.now()), 1))).as("three data files, the manifest skipped").hasSize(3);
        List<List<Object>> back = new ArrayList<>();
        for (ExportedFile f : parquet.files()) {
            back.addAll(duck.readParquet(dir.resolve("lake").resolve(f.path()), ExperienceEvents.SCHEMA));
        }
        assertThat(sorted(back)).isEqualTo(expected(rows, DuckDbReader.Source.PARQUET));
    }

    @Test
    void oneLargeParquetFile_isReadAsRangesOfRowGroups_whenWorkersOutnumberFiles() throws Exception {
        List<Row> rows = ExperienceEvents.rows(6000, 21);
        ExportResult written = DatasetExport.from(Datasets.of("events", ExperienceEvents.SCHEMA, rows)).to(FileDestination.of(dir.resolve("lake")))
                .format("parquet", java.util.Map.of("row-group-size", "64KiB")).run();
        Path file = dir.resolve("lake").resolve(written.files().get(0).path());
        int groups = Integer.parseInt(duck.query("SELECT count(DISTINCT row_group_id) FROM parquet_metadata('" + file + "')").get(0).get(0));
        assertThat(groups).as("row groups in the one file").isGreaterThanOrEqualTo(4);
        FileDataset parquet = FileDataset.builder(FileSource.local(dir.resolve("lake")), ParquetFiles.reader()).id("events").build();

        assertThat(parquet.plan(new ScanRequest(TimeWindow.upTo(Instant.now()), 1))).hasSize(1);
        List<? extends Split> four = parquet.plan(new ScanRequest(TimeWindow.upTo(Instant.now()), 4));
        assertThat(four).hasSize(4);
        assertThat(four).extracting(Split::description).allMatch(d -> d.contains(" part ["));
        ExportResult json = DatasetExport.from(parquet).to(FileDestination.of(dir.resolve("out"))).format("json").parallelism(4).run();

        List<List<Object>> back = new ArrayList<>();
        for (ExportedFile f : json.files()) {
            back.addAll(duck.readJson(dir.resolve("out").resolve(f.path()), ExperienceEvents.SCHEMA));
        }
        assertThat(json.files()).hasSizeGreaterThanOrEqualTo(4);
        assertThat(sorted(back)).as("every row once across the parts").isEqualTo(expected(rows, DuckDbReader.Source.JSON));
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void parquetReader_readsEveryCodecBackToTheRowsThatWereWritten(Compression codec) throws Exception {
        List<Row> rows = ExperienceEvents.rows(700, 13);
        DatasetExport.from(Datasets.of("events", ExperienceEvents.SCHEMA, rows)).to(FileDestination.of(dir))
                .format("parquet").compression(codec).maxRecordsPerFile(300).run();
        FileDataset parquet = FileDataset.builder(FileSource.local(dir), ParquetFiles.reader()).id("events").build();

        List<List<Object>> back = new ArrayList<>();
        for (Row r : readAll(parquet, parquet.plan(new ScanRequest(TimeWindow.upTo(Instant.now()), 1)))) {
            back.add(DuckDbReader.expected(r, ExperienceEvents.SCHEMA.asStruct(), DuckDbReader.Source.PARQUET));
        }

        assertThat(sorted(back)).isEqualTo(expected(rows, DuckDbReader.Source.PARQUET));
    }

    @Test
    void parquetOnAStore_throughTheDestinationSpi_convertsAndLeavesNoTemporaryCopy() throws Exception {
        MemoryDestination store = MemoryDestination.create();
        List<Row> rows = ExperienceEvents.rows(1200, 3);
        DatasetExport.from(Datasets.of("events", ExperienceEvents.SCHEMA, rows)).to(store).folder("exports")
                .format("parquet").maxRecordsPerFile(500).run();
        long tempBefore = temporaryCopies();

        FileDataset remote = FileDataset.builder(FileSource.of(store, "exports/events"), ParquetFiles.reader()).id("events").build();
        ExportResult json = DatasetExport.from(remote).to(FileDestination.of(dir)).format("json").run();

        List<List<Object>> back = new ArrayList<>();
        for (ExportedFile f : json.files()) {
            back.addAll(duck.readJson(dir.resolve(f.path()), ExperienceEvents.SCHEMA));
        }
        assertThat(sorted(back)).isEqualTo(expected(rows, DuckDbReader.Source.JSON));
        assertThat(temporaryCopies()).isEqualTo(tempBefore);
        assertThatThrownBy(() -> FileDataset.builder(FileSource.of(store, "exports"), ParquetFiles.reader()).id("e")
                .incrementalByModificationTime().build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("does not report modification times");
    }

    @Test
    void incremental_byModificationTime_andByColumn_selectTheWindow() throws Exception {
        List<Row> rows = ExperienceEvents.rows(900, 5);
        DatasetExport.from(Datasets.of("events", ExperienceEvents.SCHEMA, rows)).to(FileDestination.of(dir))
                .format("parquet").maxRecordsPerFile(300).run();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(p -> p.toString().endsWith(".parquet")).sorted().toList();
        }
        Instant t0 = Instant.parse("2026-11-01T00:00:00Z");
        for (int i = 0; i < files.size(); i++) {
            Files.setLastModifiedTime(files.get(i), FileTime.from(t0.plusSeconds(3600L * i)));
        }

        FileDataset byTime = FileDataset.builder(FileSource.local(dir), ParquetFiles.reader()).id("events")
                .incrementalByModificationTime().build();
        List<? extends Split> window = byTime.plan(new ScanRequest(TimeWindow.between(t0, t0.plusSeconds(7200)), 1));
        assertThat(window).as("from exclusive, to inclusive").hasSize(2);
        assertThat(readAll(byTime, window)).hasSize(600);

        FileDataset byColumn = FileDataset.builder(FileSource.local(dir), ParquetFiles.reader()).id("events")
                .ingestionColumn("timestamp").build();
        Instant from = (Instant) rows.get(100).get(1);
        Instant to = (Instant) rows.get(400).get(1);
        List<Row> selected = readAll(byColumn, byColumn.plan(new ScanRequest(TimeWindow.between(from, to), 1)));
        long expected = rows.stream().map(r -> (Instant) r.get(1)).filter(t -> t.isAfter(from) && !t.isAfter(to)).count();
        assertThat(selected).hasSize((int) expected).isNotEmpty();
        assertThat(selected).allSatisfy(r -> assertThat((Instant) r.get(1)).isAfter(from).isBeforeOrEqualTo(to));
    }

    @Test
    void badJsonValue_failsNamingDatasetFileLineAndField() throws Exception {
        Schema schema = Schema.of(Field.required("id", DataType.LONG), Field.optional("geo", DataType.struct(Field.optional("lat", DataType.DOUBLE))));
        Files.writeString(dir.resolve("part-1.jsonl"), "{\"id\":1,\"geo\":{\"lat\":1.5}}\n{\"id\":2,\"geo\":{\"lat\":\"north\"}}\n",
                StandardCharsets.UTF_8);
        FileDataset json = FileDataset.builder(FileSource.local(dir), JsonLinesFiles.reader()).id("places").schema(schema).build();

        assertThatThrownBy(() -> DatasetExport.from(json).to(FileDestination.of(dir.resolve("out"))).format("parquet").run())
                .isInstanceOf(ExportException.class)
                .hasMessageContaining("dataset \"places\"").hasMessageContaining("part-1.jsonl")
                .hasMessageContaining("line 2").hasMessageContaining("field \"geo.lat\"");
        assertThat(dir.resolve("out")).satisfiesAnyOf(p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyDirectory());

        Files.writeString(dir.resolve("part-1.jsonl"), "{\"id\":1}\n{\"id\":2,\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> readAll(json, json.plan(new ScanRequest(TimeWindow.upTo(Instant.now()), 1))))
                .isInstanceOf(ExportException.class).hasMessageContaining("part-1.jsonl").hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> FileDataset.builder(FileSource.local(dir), JsonLinesFiles.reader()).id("places").build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("carry no schema");
    }

    @Test
    void parquetFileWithAnotherSchema_failsNamingTheFile() throws Exception {
        Schema a = Schema.of(Field.required("id", DataType.LONG));
        Schema b = Schema.of(Field.required("id", DataType.STRING));
        DatasetExport.from(Datasets.of("x", a, List.of(Row.of(1L)))).to(FileDestination.of(dir.resolve("1"))).format("parquet").run();
        DatasetExport.from(Datasets.of("x", b, List.of(Row.of("1")))).to(FileDestination.of(dir.resolve("2"))).format("parquet").run();

        FileDataset mixed = FileDataset.builder(FileSource.local(dir), ParquetFiles.reader()).id("mixed").schema(a).build();

        assertThatThrownBy(() -> readAll(mixed, mixed.plan(new ScanRequest(TimeWindow.upTo(Instant.now()), 1))))
                .isInstanceOf(ExportException.class).hasMessageContaining("2/x/").hasMessageContaining("different schema");
    }

    @Test
    void parquetWrittenByAnotherTool_getsADerivedSchemaAndItsValues() throws Exception {
        Path file = dir.resolve("duck.parquet");
        duck.execute("COPY (SELECT i::INTEGER AS n, 'v' || i AS s, [i, NULL] AS l, {'k': i * 2} AS st, "
                + "DATE '2020-01-01' + i::INTEGER AS d, TIMESTAMPTZ '2026-01-01 00:00:00+00' + INTERVAL (i) SECOND AS t, "
                + "(i / 4)::DECIMAL(10, 2) AS m, MAP {'a': i} AS mp FROM range(3) r(i)) TO '" + file + "' (FORMAT parquet)");

        FileDataset foreign = FileDataset.builder(FileSource.local(dir), ParquetFiles.reader()).id("duck").build();

        assertThat(foreign.schema().fields()).extracting(f -> f.name() + ":" + f.type()).containsExactly(
                "n:" + DataType.INT, "s:" + DataType.STRING, "l:" + DataType.array(DataType.LONG),
                "st:" + DataType.struct(Field.optional("k", DataType.LONG)), "d:" + DataType.DATE, "t:" + DataType.TIMESTAMP,
                "m:" + DataType.decimal(10, 2), "mp:" + DataType.map(DataType.LONG));
        List<Row> rows = readAll(foreign, foreign.plan(new ScanRequest(TimeWindow.upTo(Instant.now()), 1)));
        assertThat(rows).hasSize(3);
        Row r = rows.get(2);
        assertThat(r.get(0)).isEqualTo(2);
        assertThat(r.get(1)).isEqualTo("v2");
        assertThat(r.get(2)).isEqualTo(java.util.Arrays.asList(2L, null));
        assertThat(r.get(3)).isEqualTo(Row.of(4L));
        assertThat(r.get(4)).isEqualTo(java.time.LocalDate.of(2020, 1, 3));
        assertThat(r.get(5)).isEqualTo(Instant.parse("2026-01-01T00:00:02Z"));
        assertThat(r.get(6)).isEqualTo(new java.math.BigDecimal("0.50"));
        assertThat(r.get(7)).isEqualTo(java.util.Map.of("a", 2L));
    }

    private static List<Row> readAll(FileDataset dataset, List<? extends Split> splits) {
        List<Row> rows = new ArrayList<>();
        for (Split split : splits) {
            try (RowReader reader = dataset.read(split)) {
                reader.forEachRemaining(rows::add);
            }
        }
        return rows;
    }

    private static List<List<Object>> expected(List<Row> rows, DuckDbReader.Source source) {
        List<List<Object>> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(DuckDbReader.expected(r, ExperienceEvents.SCHEMA.asStruct(), source));
        }
        return sorted(out);
    }

    private static List<List<Object>> sorted(List<List<Object>> rows) {
        List<List<Object>> copy = new ArrayList<>(rows);
        copy.sort(BY_ID);
        return copy;
    }

    private static long temporaryCopies() throws Exception {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(p -> p.getFileName().toString().startsWith("datasetexport-")).count();
        }
    }
}
