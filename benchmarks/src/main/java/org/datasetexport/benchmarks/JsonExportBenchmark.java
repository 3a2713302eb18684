package org.datasetexport.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.datasetexport.DatasetExport;
import org.datasetexport.data.Dataset;
import org.datasetexport.data.Datasets;
import org.datasetexport.data.Row;
import org.datasetexport.dest.file.FileDestination;

/**
 * JSON Lines export (no compression) of the benchmark events at parallelism 1 next to the raw
 * library (Jackson's {@code JsonGenerator} writing the same JSON straight to a buffered file: no
 * validation, temp file, checksum or manifest), in rows/s — the numbers issue 23 starts from (SDK ÷
 * raw was 0.46). Row validation alone is no longer timed here: the validator is internal to the
 * engine, and a benchmark uses only public API (profile the export to see its share). Rounds
 * alternate SDK and raw. Usage: {@code JsonExportBenchmark [rows] [rounds] [warmup]}.
 *
 * <p>Run: {@code mvn -B -q -DskipTests -Pbench -pl benchmarks -am package exec:java -Dexec.mainClass=org.datasetexport.benchmarks.JsonExportBenchmark}
 */
public final class JsonExportBenchmark {
    private JsonExportBenchmark() {
    }

    /**
     * @param args rows, rounds, warmup rounds
     * @throws Exception when the export fails
     */
    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        List<Row> data = BenchmarkEvents.rows(rows);
        Dataset dataset = Datasets.of("bench", BenchmarkEvents.SCHEMA, data);
        Path work = Files.createTempDirectory("datasetexport-json-bench");
        List<Double> export = new ArrayList<>();
        List<Double> raw = new ArrayList<>();
        System.out.printf("rows=%d rounds=%d warmup=%d java=%s cpus=%d%n", rows, rounds, warmup,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        for (int round = 0; round < rounds; round++) {
            Path out = work.resolve("r" + round);
            long t1 = System.nanoTime();
            DatasetExport.from(dataset).to(FileDestination.of(out)).format("json").run();
            double e = rows / ((System.nanoTime() - t1) / 1e9);
            long t2 = System.nanoTime();
            RawJson.write(data, BenchmarkEvents.SCHEMA, work.resolve("raw-" + round + ".json"));
            double r = rows / ((System.nanoTime() - t2) / 1e9);
            if (round >= warmup) {
                export.add(e);
                raw.add(r);
            }
        }
        Timing.delete(work);
        System.out.printf("JSON export p=1  %,10.0f rows/s (cv %.1f%%)%n", Timing.mean(export), 100 * Timing.cv(export));
        System.out.printf("raw Jackson      %,10.0f rows/s (cv %.1f%%)%n", Timing.mean(raw), 100 * Timing.cv(raw));
        System.out.printf("SDK p=1 / raw    %10.2f%n", Timing.mean(export) / Timing.mean(raw));
    }
}
