package org.datasetexport.flows;

import org.datasetexport.ConfigurationException;
import org.datasetexport.CountingDataset;
import org.datasetexport.DatasetExport;
import org.datasetexport.DestinationException;
import org.datasetexport.ExportPreview;
import org.datasetexport.ExportResult;
import org.datasetexport.ExportVerifier;
import org.datasetexport.ExportedFile;
import org.datasetexport.Partition;
import org.datasetexport.Schedule;
import org.datasetexport.TextLinesFormat;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.datasetexport.data.DataType;
import org.datasetexport.data.Datasets;
import org.datasetexport.data.Field;
import org.datasetexport.data.Row;
import org.datasetexport.data.Schema;
import org.datasetexport.engine.PartitionLayout;
import org.datasetexport.flows.internal.state.FlowJsonAccess;
import org.datasetexport.spi.StagedOutput;
import org.datasetexport.testing.MemoryDestination;
import org.datasetexport.testing.MutableClock;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 17, item 1, in core (the DuckDB read-back with Hive partitioning is
 * {@code PartitionedExportTest} in the Parquet module): directories per transform, Hive escaping,
 * Iceberg buckets, refusals before any row is read, the LRU of open files, the manifest's
 * partition values, the verifier, a failed run, a flow's persisted spec.
 */
class PartitionTest {
    private static final Schema SCHEMA = Schema.of(
            Field.required("id", DataType.LONG),
            Field.optional("country", DataType.STRING),
            Field.optional("ts", DataType.TIMESTAMP),
            Field.optional("day", DataType.DATE),
            Field.optional("amount", DataType.decimal(9, 2)),
            Field.optional("score", DataType.DOUBLE),
            Field.optional("address", DataType.struct(Field.optional("city", DataType.STRING))),
            Field.optional("tags", DataType.array(DataType.STRING)));

    private final MemoryDestination memory = MemoryDestination.create();
    private final MutableClock clock = MutableClock.at(Instant.parse("2026-11-28T09:00:30Z"));

    private static Row row(long id, String country, Instant ts, String city) {
        return Row.of(id, country, ts, ts == null ? null : LocalDate.ofInstant(ts, ZoneOffset.UTC),
                BigDecimal.valueOf(id, 2), 1.5, city == null ? null : Row.of(city), List.of("t"));
    }

    private static String directory(Row row, Partition... partitions) {
        return PartitionLayout.of(List.of(partitions), SCHEMA, "ds").directory(row);
    }

    @Test
    void directories_perTransform_utc_andNulls() {
        Row r = row(42, "DE", Instant.parse("2026-11-28T09:15:00Z"), "Köln");
        assertThat(directory(r, Partition.identity("country"), Partition.day("ts"))).isEqualTo("country=DE/ts_day=2026-11-28");
        assertThat(directory(r, Partition.year("ts"), Partition.month("ts"), Partition.hour("ts")))
                .isEqualTo("ts_year=2026/ts_month=2026-11/ts_hour=2026-11-28-09");
        assertThat(directory(r, Partition.month("day"))).isEqualTo("day_month=2026-11");
        assertThat(directory(r, Partition.identity("address.city"))).isEqualTo("address.city=Köln");
        assertThat(directory(r, Partition.identity("amount"), Partition.identity("id"))).isEqualTo("amount=0.42/id=42");
        Row nulls = row(1, null, null, null);
        assertThat(directory(nulls, Partition.identity("country"), Partition.day("ts"), Partition.identity("address.city")))
                .isEqualTo("country=__HIVE_DEFAULT_PARTITION__/ts_day=__HIVE_DEFAULT_PARTITION__/address.city=__HIVE_DEFAULT_PARTITION__");
        assertThat(directory(row(1, "", null, null), Partition.identity("country"))).isEqualTo("country=");
    }

    @Test
    void temporalValues_matchTheFormattersDigitForDigit_overTheWholeRange() {
        Random random = new Random(23);
        PartitionLayout layout = PartitionLayout.of(List.of(Partition.year("ts"), Partition.month("ts"), Partition.hour("ts"),
                Partition.day("day")), SCHEMA, "ds");
        for (int i = 0; i < 20_000; i++) {
            // years 0001 to 9999, and a few before year 1000 and at the edges
            long second = i < 3 ? new long[] {-62135596800L, 253402300799L, -30610224000L}[i]
                    : -62135596800L + (long) (random.nextDouble() * (253402300799L + 62135596800L));
            Instant ts = Instant.ofEpochSecond(second);
            ZonedDateTime t = ts.atZone(ZoneOffset.UTC);
            String want = String.format("ts_year=%04d/ts_month=%04d-%02d/ts_hour=%04d-%02d-%02d-%02d/day_day=%04d-%02d-%02d",
                    t.getYear(), t.getYear(), t.getMonthValue(), t.getYear(), t.getMonthValue(), t.getDayOfMonth(), t.getHour(),
                    t.getYear(), t.getMonthValue(), t.getDayOfMonth());
            assertThat(layout.directory(row(1, "x", ts, null))).as("%s", ts).isEqualTo(want);
        }
    }

    @Test
    void values_areEscapedAsHiveAndSparkDo_andReadBack() {
        String hostile = "a/b=c%d e:f?g#h\"i'j*k\\l{m[n]o^p\u0001q\u007fü€";
        String escaped = PartitionLayout.escape(hostile);
        assertThat(escaped).isEqualTo("a%2Fb%3Dc%25d e%3Af%3Fg%23h%22i%27j%2Ak%5Cl%7Bm%5Bn%5Do%5Ep%01q%7Fü€");
        assertThat(PartitionLayout.unescape(escaped)).isEqualTo(hostile);
        assertThat(PartitionLayout.values("country=" + escaped + "/ts_day=__HIVE_DEFAULT_PARTITION__"))
                .containsEntry("country", hostile).containsEntry("ts_day", null);
        assertThat(directory(row(1, "..", null, null), Partition.identity("country"))).isEqualTo("country=..");
    }

    @Test
    void buckets_areIcebergs() {
        // the Iceberg spec's hash test vectors (32-bit Murmur3 of the value's binary form)
        Schema schema = Schema.of(Field.required("i", DataType.INT), Field.required("l", DataType.LONG),
                Field.required("d", DataType.DATE), Field.required("t", DataType.TIMESTAMP), Field.required("s", DataType.STRING),
                Field.required("m", DataType.decimal(9, 2)), Field.required("b", DataType.BINARY));
        Row r = Row.of(34, 34L, LocalDate.of(2017, 11, 16), Instant.parse("2017-11-16T22:31:08Z"), "iceberg",
                new BigDecimal("14.20"), new byte[] {0, 1, 2, 3});
        Map<String, Integer> hashes = Map.of("i", 2017239379, "l", 2017239379, "d", -653330422, "t", -2047944441,
                "s", 1210000089, "m", -500754589, "b", -188683207);
        for (Map.Entry<String, Integer> e : hashes.entrySet()) {
            String dir = PartitionLayout.of(List.of(Partition.bucket(100_000, e.getKey())), schema, "ds").directory(r);
            assertThat(dir).as(e.getKey()).isEqualTo(e.getKey() + "_bucket=" + ((e.getValue() & Integer.MAX_VALUE) % 100_000));
        }
    }

    @Test
    void unusablePartitions_areRefusedBeforeAnyRowIsRead() {
        CountingDataset ds = new CountingDataset(Datasets.of("ds", SCHEMA, List.of(row(1, "DE", null, null))));
        record Case(Partition partition, String message) {
        }
        for (Case c : List.of(
                new Case(Partition.identity("score"), "field score is double"),
                new Case(Partition.hour("day"), "field day is date; hour takes [timestamp]"),
                new Case(Partition.identity("nope"), "has no field nope"),
                new Case(Partition.identity("tags.x"), "tags is array<string>, not a struct"),
                new Case(Partition.identity("ts"), "field ts is timestamp"),
                new Case(Partition.bucket(4, "address"), "field address is struct"))) {
            assertThatThrownBy(() -> DatasetExport.from(ds).to(memory).format(new TextLinesFormat()).partitionBy(c.partition()).run())
                    .as("%s", c.partition()).isInstanceOf(ConfigurationException.class).hasMessageContaining(c.message());
        }
        assertThatThrownBy(() -> DatasetExport.from(ds).to(memory).format(new TextLinesFormat())
                .partitionBy(Partition.day("ts"), Partition.day("ts")).run()).hasMessageContaining("given twice");
        assertThat(ds.reads).hasValue(0);
        assertThat(memory.committedPaths()).isEmpty();
    }

    private static final Pattern NAME = Pattern.compile("part-00000-[0-9a-f-]{36}-c(\\d{3})\\.txt");

    @Test
    void lruOfTwoOpenFiles_over50Values_writesEveryRowOnce_inSequencedFiles() throws IOException {
        List<Row> rows = new ArrayList<>();
        for (long i = 0; i < 1_000; i++) {
            rows.add(row(i, "c" + (i % 50), Instant.parse("2026-11-28T00:00:00Z").plusSeconds(i), null));
        }
        ExportResult result = DatasetExport.from(Datasets.of("ds", SCHEMA, rows)).to(memory).format(new TextLinesFormat())
                .clock(clock).partitionBy(Partition.identity("country")).maxOpenFiles(2).manifest(true).run();

        Map<String, List<String>> linesByCountry = new HashMap<>();
        Set<Integer> seqs = new TreeSet<>();
        for (ExportedFile f : result.files()) {
            Matcher m = NAME.matcher(f.name());
            assertThat(m.matches()).as(f.path()).isTrue();
            assertThat(seqs.add(Integer.parseInt(m.group(1)))).as("unique number %s", f.name()).isTrue();
            String dir = f.path().substring("ds/exportTime=202611280900/".length(), f.path().length() - f.name().length() - 1);
            try (InputStream in = memory.open(f.path())) {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                linesByCountry.computeIfAbsent(dir, k -> new ArrayList<>()).addAll(List.of(text.split("\n")));
            }
        }
        assertThat(linesByCountry).hasSize(50);
        for (int c = 0; c < 50; c++) {
            String country = "c" + c;
            assertThat(linesByCountry.get("country=" + country)).as("country %s", country).hasSize(20)
                    .allMatch(l -> l.contains(", " + country + ","));
        }
        assertThat(result.records()).isEqualTo(1_000);
        assertThat(result.files()).as("two open files over 50 interleaved values: a file per visit").hasSize(1_000);
        assertThat(seqs).hasSize(1_000).first().isEqualTo(0);
        assertThat(ExportVerifier.verify(memory, result.manifestPath().orElseThrow()).problems()).isEmpty();
        try (InputStream in = memory.open(result.manifestPath().orElseThrow())) {
            JsonNode manifest = new ObjectMapper().readTree(in);
            for (JsonNode file : manifest.path("exportResults")) {
                String country = file.path("partitionValues").path("country").asText();
                assertThat(file.path("sinkPath").asText()).isEqualTo("/ds/exportTime=202611280900/country=" + country);
            }
            assertThat(manifest.path("exportResults")).hasSize(1_000);
        }
        memory.assertNoOpenOutputs();
    }

    @Test
    void aPartitionIdleFor10000Rows_isCommitted_soClusteredDataKeepsFewFilesOpen() {
        List<Row> rows = new ArrayList<>();
        for (long i = 0; i < 36_000; i++) {
            String country = i < 12_000 ? "A" : i < 24_000 ? "B" : "A";
            rows.add(row(i, country, null, null));
        }
        ExportResult result = DatasetExport.from(Datasets.of("ds", SCHEMA, rows)).to(memory).format(new TextLinesFormat())
                .clock(clock).partitionBy(Partition.identity("country")).run();
        Map<String, Long> filesByCountry = new HashMap<>();
        result.files().forEach(f -> filesByCountry.merge(f.path().contains("/country=A/") ? "A" : "B", 1L, Long::sum));
        assertThat(filesByCountry).as("A was committed while B ran 12,000 rows, then started again")
                .containsEntry("A", 2L).containsEntry("B", 1L);
        assertThat(result.records()).isEqualTo(36_000);
    }

    @Test
    void theVerifier_seesAnExtraFileInAPartitionDirectory() throws IOException {
        ExportResult result = DatasetExport.from(Datasets.of("ds", SCHEMA, List.of(row(1, "DE", null, null), row(2, "FR", null, null))))
                .to(memory).format(new TextLinesFormat()).clock(clock).partitionBy(Partition.identity("country")).manifest(true).run();
        try (StagedOutput out = memory.create("ds/exportTime=202611280900/country=DE/part-99999-stray.txt")) {
            out.stream().write(1);
            out.commit();
        }
        assertThat(ExportVerifier.verify(memory, result.manifestPath().orElseThrow()).problems())
                .containsExactly("extra data file ds/exportTime=202611280900/country=DE/part-99999-stray.txt is not listed in the manifest");
    }

    @Test
    void aFailedRun_leavesNothingInAnyPartition() {
        List<Row> rows = new ArrayList<>();
        for (long i = 0; i < 300; i++) {
            rows.add(row(i, "c" + (i % 7), null, null));
        }
        memory.failNth(MemoryDestination.Operation.COMMIT, 5, new IOException("disk full"));
        assertThatThrownBy(() -> DatasetExport.from(Datasets.of("ds", SCHEMA, rows)).to(memory).format(new TextLinesFormat())
                .partitionBy(Partition.identity("country")).maxOpenFiles(3).parallelism(2).manifest(true).run())
                .isInstanceOf(DestinationException.class).hasMessageContaining("disk full");
        assertThat(memory.committedPaths()).isEmpty();
        memory.assertNoOpenOutputs();
    }

    @Test
    void aPartitionedFlow_failedRunLeavesNothing_andFilesRollInsideAPartition() {
        List<Row> rows = new ArrayList<>();
        for (long i = 0; i < 100; i++) {
            rows.add(row(i, i % 2 == 0 ? "DE" : "FR", null, null));
        }
        try (ExportScheduler scheduler = ExportScheduler.builder().clock(clock).stateStore(StateStore.inMemory())
                .withoutBackgroundPolling().build()) {
            ExportFlow flow = DatasetExport.from(Datasets.of("ds", SCHEMA, rows)).to(memory).format(new TextLinesFormat())
                    .clock(clock).flowId("pf").partitionBy(Partition.identity("country")).maxRecordsPerFile(10).manifest(true)
                    .schedule(Schedule.everyHours(1)).start(scheduler);
            memory.failNth(MemoryDestination.Operation.COMMIT, 7, new IOException("quota exceeded"));
            ExportRun failed = flow.runNow();
            assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
            assertThat(failed.error()).hasValueSatisfying(e -> assertThat(e).contains("quota exceeded"));
            assertThat(memory.committedPaths()).as("nothing of the failed run").isEmpty();
            memory.assertNoOpenOutputs();

            clock.advance(Duration.ofSeconds(1));
            ExportRun run = flow.runNow();
            assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(run.fileCount()).as("50 rows per country, 10 per file").isEqualTo(10);
            assertThat(memory.committedPaths()).filteredOn(p -> p.contains("/country=DE/part-")).hasSize(5);
            assertThat(memory.committedPaths()).filteredOn(p -> p.contains("/country=FR/part-")).hasSize(5);
            assertThat(ExportVerifier.verify(memory, run.manifestPath().orElseThrow()).problems()).isEmpty();
        }
    }

    @Test
    void aFlow_keepsItsPartitionSpec_andDryRunShowsIt() {
        try (ExportScheduler scheduler = ExportScheduler.builder().clock(clock).stateStore(StateStore.inMemory())
                .withoutBackgroundPolling().build()) {
            ExportFlow flow = DatasetExport.from(Datasets.of("ds", SCHEMA, List.of(row(1, "DE", Instant.parse("2026-11-28T09:00:00Z"), null))))
                    .to(memory).format(new TextLinesFormat()).clock(clock).flowId("parts")
                    .partitionBy(Partition.identity("country"), Partition.bucket(8, "id")).maxOpenFiles(5)
                    .schedule(Schedule.everyHours(1)).start(scheduler);
            assertThat(flow.definition().settings().partitions()).containsExactly(Partition.identity("country"), Partition.bucket(8, "id"));
            assertThat(FlowJsonAccess.roundTrip(flow.definition().settings())).isEqualTo(flow.definition().settings());
            ExportPreview preview = flow.dryRun();
            assertThat(preview.partitions()).hasSize(2);
            assertThat(preview.exampleFiles().get(0)).contains("/country=<value>/id_bucket=<value>/part-00000-");
            clock.advance(Duration.ofHours(1));
            assertThat(scheduler.runDue()).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED));
            assertThat(memory.committedPaths()).anyMatch(p -> p.contains("/country=DE/id_bucket="));
        }
    }
}
