package org.datasetexport.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.datasetexport.Compression;
import org.datasetexport.DatasetExport;
import org.datasetexport.ExportResult;
import org.datasetexport.data.Dataset;
import org.datasetexport.data.Datasets;
import org.datasetexport.data.RowReader;
import org.datasetexport.data.ScanRequest;
import org.datasetexport.data.Split;
import org.datasetexport.data.TimeWindow;
import org.datasetexport.dest.file.FileDestination;
import org.datasetexport.files.FileDataset;
import org.datasetexport.files.FileSource;
import org.datasetexport.format.json.JsonLinesFiles;
import org.datasetexport.format.parquet.ParquetFiles;

/**
 * Rows/s of reading folders of files ({@link FileDataset}) and of converting them: Parquet (SNAPPY)
 * → JSON Lines and JSON Lines (GZIP) → Parquet, next to the same exports from rows held in memory,
 * so the cost of reading shows as the difference. The source folders are written once; each round
 * runs every case; the first rounds are warm-up.
 *
 * <pre>
 * mvn -B -q -DskipTests -Pbench -pl benchmarks -am package exec:java \
 *     -Dexec.mainClass=org.datasetexport.benchmarks.FileConversionBenchmark [-Dexec.args="ROWS ROUNDS WARMUP PARALLELISM"]
 * </pre>
 */
public final class FileConversionBenchmark {
    private FileConversionBenchmark() {
    }

    /**
     * @param args rows (default 500000), rounds (6), warm-up rounds (2), parallelism (2)
     * @throws Exception when a run fails
     */
    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int parallelism = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        Dataset memory = Datasets.of("bench", BenchmarkEvents.SCHEMA, BenchmarkEvents.rows(rows));
        Path work = Files.createTempDirectory("datasetexport-bench");
        System.out.printf("rows=%d rounds=%d warmup=%d parallelism=%d java=%s cpus=%d%n", rows, rounds, warmup, parallelism,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        try {
            // source folders: about 8 files each, so the conversions have splits to spread
            long perFile = Math.max(1, rows / 8);
            DatasetExport.from(memory).to(FileDestination.of(work.resolve("parquet-src"))).format("parquet")
                    .compression(Compression.SNAPPY).maxRecordsPerFile(perFile).run();
            DatasetExport.from(memory).to(FileDestination.of(work.resolve("json-src"))).format("json")
                    .compression(Compression.GZIP).maxRecordsPerFile(perFile).run();
            FileDataset parquet = FileDataset.builder(FileSource.local(work.resolve("parquet-src")), ParquetFiles.reader())
                    .id("bench").build();
            FileDataset json = FileDataset.builder(FileSource.local(work.resolve("json-src")), JsonLinesFiles.reader())
                    .id("bench").schema(BenchmarkEvents.SCHEMA).build();

            Map<String, Callable<Long>> cases = new LinkedHashMap<>();
            cases.put("read parquet (SNAPPY), 1 thread", () -> readAll(parquet));
            cases.put("read json (GZIP), 1 thread", () -> readAll(json));
            cases.put("memory -> json (NONE)", () -> export(memory, work, "json", Compression.NONE, parallelism));
            cases.put("parquet -> json (NONE)", () -> export(parquet, work, "json", Compression.NONE, parallelism));
            cases.put("memory -> parquet (SNAPPY)", () -> export(memory, work, "parquet", Compression.SNAPPY, parallelism));
            cases.put("json -> parquet (SNAPPY)", () -> export(json, work, "parquet", Compression.SNAPPY, parallelism));

            Map<String, List<Double>> times = new LinkedHashMap<>();
            for (int round = 0; round < rounds; round++) {
                for (Map.Entry<String, Callable<Long>> c : cases.entrySet()) {
                    long start = System.nanoTime();
                    long n = c.getValue().call();
                    double seconds = (System.nanoTime() - start) / 1e9;
                    if (n != rows) {
                        throw new IllegalStateException(c.getKey() + ": " + n + " rows instead of " + rows);
                    }
                    if (round >= warmup) {
                        times.computeIfAbsent(c.getKey(), k -> new ArrayList<>()).add(seconds);
                    }
                }
            }
            times.forEach((name, t) -> System.out.printf("%-34s %,10.0f rows/s (± %,.0f)%n",
                    name, rows / Timing.mean(t), rows / Timing.mean(t) * Timing.cv(t)));
        } finally {
            Timing.delete(work);
        }
    }

    private static long readAll(FileDataset dataset) {
        long n = 0;
        for (Split split : dataset.plan(new ScanRequest(TimeWindow.upTo(Instant.now()), 1))) {
            try (RowReader reader = dataset.read(split)) {
                while (reader.hasNext()) {
                    reader.next();
                    n++;
                }
            }
        }
        return n;
    }

    private static long export(Dataset dataset, Path work, String format, Compression compression, int parallelism) {
        Path out = work.resolve("out");
        ExportResult result = DatasetExport.from(dataset).to(FileDestination.of(out)).format(format)
                .compression(compression).parallelism(parallelism).run();
        Timing.delete(out);
        return result.records();
    }
}
