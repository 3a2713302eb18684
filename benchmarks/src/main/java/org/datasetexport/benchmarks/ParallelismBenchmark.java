package org.datasetexport.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.datasetexport.Compression;
import org.datasetexport.DatasetExport;
import org.datasetexport.data.Dataset;
import org.datasetexport.data.Datasets;
import org.datasetexport.data.Row;
import org.datasetexport.dest.file.FileDestination;

/**
 * What {@code parallelism} buys (issue 23, item 4), in rows/s: the benchmark events exported at
 * parallelism 1, at parallelism 2 from a random-access list (two splits, one per worker), and at
 * parallelism 2 from a plain iterable that plans one split (one reader fanning rows out to two
 * encoders). Rows are generated once, outside the timed section. Rounds alternate the variants.
 * Usage: {@code ParallelismBenchmark [rows] [rounds] [warmup] [format] [compression]}.
 *
 * <p>Run: {@code mvn -B -q -DskipTests -Pbench -pl benchmarks -am package exec:java
 * -Dexec.mainClass=org.datasetexport.benchmarks.ParallelismBenchmark -Dexec.args="500000 6 2 json none"}
 */
public final class ParallelismBenchmark {
    private ParallelismBenchmark() {
    }

    /**
     * @param args rows, rounds, warmup rounds, format, compression
     * @throws Exception when an export fails
     */
    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        String format = args.length > 3 ? args[3] : "json";
        Compression compression = Compression.valueOf((args.length > 4 ? args[4] : "none").toUpperCase(Locale.ROOT));
        List<Row> data = BenchmarkEvents.rows(rows);
        Iterable<Row> oneSplit = () -> new Iterator<>() {
            private final Iterator<Row> rowsOf = data.iterator();

            @Override
            public boolean hasNext() {
                return rowsOf.hasNext();
            }

            @Override
            public Row next() {
                return rowsOf.next();
            }
        };
        Map<String, Dataset> datasets = new LinkedHashMap<>();
        datasets.put("p=1", Datasets.of("bench", BenchmarkEvents.SCHEMA, data));
        datasets.put("p=2, 2 splits", Datasets.of("bench", BenchmarkEvents.SCHEMA, data));
        datasets.put("p=2, 1 split (fan-out)", Datasets.of("bench", BenchmarkEvents.SCHEMA, oneSplit));
        Map<String, List<Double>> results = new LinkedHashMap<>();
        datasets.keySet().forEach(k -> results.put(k, new ArrayList<>()));
        Path work = Files.createTempDirectory("datasetexport-parallelism-bench");
        System.out.printf("rows=%d rounds=%d warmup=%d format=%s compression=%s java=%s cpus=%d%n", rows, rounds, warmup, format,
                compression, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        try {
            for (int round = 0; round < rounds; round++) {
                for (Map.Entry<String, Dataset> variant : datasets.entrySet()) {
                    int parallelism = variant.getKey().startsWith("p=1") ? 1 : 2;
                    Path out = work.resolve("r" + round + "-" + results.get(variant.getKey()).size() + "-" + parallelism);
                    long t0 = System.nanoTime();
                    DatasetExport.from(variant.getValue()).to(FileDestination.of(out)).format(format).compression(compression)
                            .parallelism(parallelism).run();
                    double rate = rows / ((System.nanoTime() - t0) / 1e9);
                    if (round >= warmup) {
                        results.get(variant.getKey()).add(rate);
                    }
                    Timing.delete(out);
                }
            }
        } finally {
            Timing.delete(work);
        }
        double base = Timing.mean(results.get("p=1"));
        for (Map.Entry<String, List<Double>> r : results.entrySet()) {
            double mean = Timing.mean(r.getValue());
            System.out.printf("%-24s %,10.0f rows/s (cv %4.1f%%)  %.2f× p=1%n", r.getKey(), mean, 100 * Timing.cv(r.getValue()), mean / base);
        }
    }
}
