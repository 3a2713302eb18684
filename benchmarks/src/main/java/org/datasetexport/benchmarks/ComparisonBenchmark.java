package org.datasetexport.benchmarks;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.datasetexport.Compression;
import org.datasetexport.DatasetExport;
import org.datasetexport.ExportResult;
import org.datasetexport.data.Dataset;
import org.datasetexport.data.Datasets;
import org.datasetexport.data.Row;
import org.datasetexport.dest.file.FileDestination;
import org.datasetexport.spi.CompressionStreams;

/**
 * Issue 23's table: the SDK next to the raw libraries and DuckDB, same rows, same run, every format
 * × codec (CSV without a raw column: its cells need the SDK's value mapping), in rows/s (median of the measured rounds). Columns: raw library on one thread (Jackson's
 * {@code JsonGenerator} through the SDK's own compression streams; parquet-mr with the same
 * {@code WriteSupport}, codec, row group and page size), the SDK at parallelism 1 and 2 (a list of
 * rows: two splits at 2), DuckDB {@code COPY … TO} with {@code SET threads} 1 and 2 (the rows
 * loaded into a DuckDB table first, untimed). Everything writes to a local temporary folder. Prints a
 * Markdown table. (The rows are held in memory for all writers alike, so heap is not measured here:
 * see {@code MemoryCheck}.)
 *
 * <p>Usage: {@code ComparisonBenchmark [rows] [rounds] [warmup] [format:codec ...]}; run:
 * {@code mvn -B -q -DskipTests -Pbench -pl benchmarks -am package exec:java
 * -Dexec.mainClass=org.datasetexport.benchmarks.ComparisonBenchmark -Dexec.args="1000000 3 1"}
 */
public final class ComparisonBenchmark {
    private static final List<String> ALL = List.of("json:none", "json:gzip", "json:zstd", "csv:none", "csv:gzip", "parquet:none",
            "parquet:snappy", "parquet:gzip", "parquet:zstd");

    private ComparisonBenchmark() {
    }

    /**
     * @param args rows, rounds, warmup rounds, cases
     * @throws Exception when a writer fails
     */
    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        List<String> cases = args.length > 3 ? List.of(args).subList(3, args.length) : ALL;
        System.out.printf("rows=%,d rounds=%d warmup=%d java=%s cpus=%d maxHeap=%d MiB%n", rows, rounds, warmup,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        List<Row> data = BenchmarkEvents.rows(rows);
        Dataset dataset = Datasets.of("bench", BenchmarkEvents.SCHEMA, data);
        Path work = Files.createTempDirectory("datasetexport-comparison");
        StringBuilder table = new StringBuilder("| format / codec | raw lib (1 thread) | SDK p=1 | SDK p=2 | DuckDB t=1 | DuckDB t=2 "
                + "| SDK p=1 ÷ raw | SDK p=2 ÷ DuckDB t=2 |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
            load(duck, dataset, work);
            for (String c : cases) {
                String format = c.substring(0, c.indexOf(':'));
                Compression codec = Compression.valueOf(c.substring(c.indexOf(':') + 1).toUpperCase(Locale.ROOT));
                List<Double> raw = new ArrayList<>();
                List<Double> sdk1 = new ArrayList<>();
                List<Double> sdk2 = new ArrayList<>();
                List<Double> duck1 = new ArrayList<>();
                List<Double> duck2 = new ArrayList<>();
                for (int round = 0; round < rounds; round++) {
                    boolean keep = round >= warmup;
                    if (!format.equals("csv")) { // no raw baseline for CSV: the cells need the SDK's own value mapping
                        add(keep, raw, rows / raw(data, format, codec, work));
                    }
                    add(keep, sdk1, rows / sdk(dataset, format, codec, 1, work));
                    add(keep, sdk2, rows / sdk(dataset, format, codec, 2, work));
                    add(keep, duck1, rows / duck(duck, format, codec, 1, work));
                    add(keep, duck2, rows / duck(duck, format, codec, 2, work));
                }
                boolean hasRaw = !format.equals("csv");
                String line = String.format(Locale.ROOT, "| %s %s | %s | %,.0f | %,.0f | %,.0f | %,.0f | %s | %.2f |%n",
                        format, codec.name().toLowerCase(Locale.ROOT), hasRaw ? String.format(Locale.ROOT, "%,.0f", Timing.median(raw)) : "—",
                        Timing.median(sdk1), Timing.median(sdk2), Timing.median(duck1), Timing.median(duck2),
                        hasRaw ? String.format(Locale.ROOT, "%.2f", Timing.median(sdk1) / Timing.median(raw)) : "—",
                        Timing.median(sdk2) / Timing.median(duck2));
                System.out.print(line);
                table.append(line);
            }
        } finally {
            Timing.delete(work);
        }
        System.out.println();
        System.out.print(table);
    }

    private static void add(boolean keep, List<Double> to, double value) {
        if (keep) {
            to.add(value);
        }
    }

    /** The rows as a DuckDB table, through a Parquet file the SDK writes (exact types). */
    private static void load(Connection duck, Dataset dataset, Path work) throws Exception {
        Path dir = work.resolve("load");
        DatasetExport.from(dataset).to(FileDestination.of(dir)).format("parquet").compression(Compression.ZSTD).run();
        try (Statement s = duck.createStatement()) {
            s.execute("CREATE TABLE events AS SELECT * FROM read_parquet('" + dir.toString().replace("'", "''") + "/**/*.parquet')");
        }
        Timing.delete(dir);
    }

    private static double sdk(Dataset dataset, String format, Compression codec, int parallelism, Path work) {
        Path dir = work.resolve("sdk");
        long start = System.nanoTime();
        ExportResult result = DatasetExport.from(dataset).to(FileDestination.of(dir)).format(format).compression(codec)
                .parallelism(parallelism).run();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (result.records() == 0) {
            throw new IllegalStateException("nothing exported");
        }
        Timing.delete(dir);
        return seconds;
    }

    private static double raw(List<Row> data, String format, Compression codec, Path work) throws Exception {
        if (format.equals("parquet")) {
            return ParquetExportBenchmark.raw(data, BenchmarkEvents.SCHEMA, work, codec);
        }
        Path file = work.resolve("raw.json");
        long start = System.nanoTime();
        OutputStream out = CompressionStreams.wrap(new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024), codec);
        RawJson.write(data, BenchmarkEvents.SCHEMA, out);
        double seconds = (System.nanoTime() - start) / 1e9;
        Files.delete(file);
        return seconds;
    }

    private static double duck(Connection duck, String format, Compression codec, int threads, Path work) throws Exception {
        Path file = work.resolve("duck." + format);
        String options = switch (format) {
            case "json" -> "FORMAT JSON" + (codec == Compression.NONE ? "" : ", COMPRESSION " + codec.name());
            case "csv" -> "FORMAT CSV, HEADER" + (codec == Compression.NONE ? "" : ", COMPRESSION " + codec.name());
            default -> "FORMAT PARQUET, COMPRESSION " + (codec == Compression.NONE ? "UNCOMPRESSED" : codec.name());
        };
        try (Statement s = duck.createStatement()) {
            s.execute("SET threads = " + threads);
            long start = System.nanoTime();
            s.execute("COPY events TO '" + file.toString().replace("'", "''") + "' (" + options + ")");
            double seconds = (System.nanoTime() - start) / 1e9;
            Files.delete(file);
            return seconds;
        }
    }
}
