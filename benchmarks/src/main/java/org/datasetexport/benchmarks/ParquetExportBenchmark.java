package org.datasetexport.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;
import org.datasetexport.Compression;
import org.datasetexport.DatasetExport;
import org.datasetexport.ExportResult;
import org.datasetexport.data.Dataset;
import org.datasetexport.data.Datasets;
import org.datasetexport.data.Row;
import org.datasetexport.data.Schema;
import org.datasetexport.dest.file.FileDestination;
import org.datasetexport.format.parquet.ParquetFormat;
import org.datasetexport.format.parquet.RowWriteSupport;

/**
 * Rows/s of a Parquet export to a local folder through the SDK, next to parquet-mr writing the
 * same rows with the same codec, row group and page size straight to a local file
 * ({@code LocalOutputFile}, the same {@link RowWriteSupport}). The difference is the SDK's
 * overhead: schema validation of every row, SHA-256 and byte counting, staged output with fsync
 * and atomic publish, rolling checks, manifest bookkeeping.
 *
 * <p>Rows are generated once and held in memory so generation is not measured. Each round runs
 * both writers in alternating order; the first rounds are warm-up.
 *
 * <pre>
 * mvn -B -q -DskipTests -Pbench -pl benchmarks -am package exec:java [-Dexec.args="ROWS ROUNDS WARMUP CODEC..."]
 * </pre>
 */
public final class ParquetExportBenchmark {
    private ParquetExportBenchmark() {
    }

    /**
     * @param args rows (default 500000), rounds (8), warm-up rounds (3), codecs (SNAPPY ZSTD)
     * @throws Exception when a run fails
     */
    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        List<Compression> codecs = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            codecs.add(Compression.valueOf(args[i].toUpperCase(Locale.ROOT)));
        }
        if (codecs.isEmpty()) {
            codecs = List.of(Compression.SNAPPY, Compression.ZSTD);
        }
        List<Row> data = BenchmarkEvents.rows(rows);
        Dataset dataset = Datasets.of("bench", BenchmarkEvents.SCHEMA, data);
        Path work = Files.createTempDirectory("datasetexport-bench");
        System.out.printf("rows=%d rounds=%d warmup=%d java=%s cpus=%d%n", rows, rounds, warmup,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        try {
            for (Compression codec : codecs) {
                List<Double> direct = new ArrayList<>();
                List<Double> stock = new ArrayList<>();
                List<Double> raw = new ArrayList<>();
                for (int round = 0; round < rounds; round++) {
                    // rotate the order so no variant always runs first
                    double[] t = new double[3];
                    for (int k = 0; k < 3; k++) {
                        int which = (round + k) % 3;
                        t[which] = which == 0 ? sdk(dataset, work, codec, ParquetFormat.WritePath.DIRECT)
                                : which == 1 ? sdk(dataset, work, codec, ParquetFormat.WritePath.STOCK)
                                : raw(data, BenchmarkEvents.SCHEMA, work, codec);
                    }
                    if (round >= warmup) {
                        direct.add(t[0]);
                        stock.add(t[1]);
                        raw.add(t[2]);
                    }
                }
                double directMean = Timing.mean(direct);
                double stockMean = Timing.mean(stock);
                double rawMean = Timing.mean(raw);
                System.out.printf("%-6s sdk direct  %,10.0f rows/s (± %,.0f)%n", codec, rows / directMean, rows / directMean * Timing.cv(direct));
                System.out.printf("%-6s sdk stock   %,10.0f rows/s (± %,.0f)%n", codec, rows / stockMean, rows / stockMean * Timing.cv(stock));
                System.out.printf("%-6s raw parquet %,10.0f rows/s (± %,.0f)%n", codec, rows / rawMean, rows / rawMean * Timing.cv(raw));
                System.out.printf("%-6s direct ÷ raw %.2f, stock ÷ raw %.2f (rows/s)%n", codec, rawMean / directMean, rawMean / stockMean);
            }
        } finally {
            Timing.delete(work);
        }
    }

    private static double sdk(Dataset dataset, Path work, Compression codec, ParquetFormat.WritePath path) {
        Path dir = work.resolve("sdk");
        long start = System.nanoTime();
        ExportResult result = DatasetExport.from(dataset).to(FileDestination.of(dir)).format(ParquetFormat.builder().writePath(path).build())
                .compression(codec).run();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (result.records() == 0) {
            throw new IllegalStateException("nothing exported");
        }
        Timing.delete(dir);
        return seconds;
    }

    static double raw(List<Row> data, Schema schema, Path work, Compression codec) throws IOException {
        Path file = work.resolve("raw.parquet");
        long start = System.nanoTime();
        try (ParquetWriter<Row> writer = new RawBuilder(new LocalOutputFile(file), schema)
                .withConf(new PlainParquetConfiguration())
                .withCompressionCodec(codec == Compression.NONE ? CompressionCodecName.UNCOMPRESSED
                        : CompressionCodecName.valueOf(codec.name()))
                .withRowGroupSize(ParquetFormat.DEFAULT_ROW_GROUP_SIZE)
                .withPageSize(ParquetFormat.DEFAULT_PAGE_SIZE)
                .withDictionaryPageSize(ParquetFormat.DEFAULT_PAGE_SIZE)
                .build()) {
            for (Row row : data) {
                writer.write(row);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Files.delete(file);
        return seconds;
    }

    private static final class RawBuilder extends ParquetWriter.Builder<Row, RawBuilder> {
        private final Schema schema;

        RawBuilder(OutputFile file, Schema schema) {
            super(file);
            this.schema = schema;
        }

        @Override
        protected RawBuilder self() {
            return this;
        }

        @Override
        @SuppressWarnings("deprecation") // still abstract in parquet-mr 1.18
        protected WriteSupport<Row> getWriteSupport(Configuration conf) {
            return new RowWriteSupport(schema);
        }

        @Override
        protected WriteSupport<Row> getWriteSupport(ParquetConfiguration conf) {
            return new RowWriteSupport(schema);
        }
    }
}
