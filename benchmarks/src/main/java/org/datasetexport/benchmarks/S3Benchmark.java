package org.datasetexport.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
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
import org.datasetexport.dest.s3.S3Credentials;
import org.datasetexport.dest.s3.S3Destination;
import org.datasetexport.dest.s3.S3MockServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.transfer.s3.S3TransferManager;
import software.amazon.awssdk.transfer.s3.model.CompletedDirectoryUpload;
import software.amazon.awssdk.transfer.s3.model.UploadDirectoryRequest;

/**
 * Issue 23's S3 target: an export straight to S3 (the SDK's streaming multipart upload) next to
 * "write locally, then upload the folder with the AWS SDK's transfer manager" (the SDK's export to
 * a local folder, timed, plus {@link S3TransferManager#uploadDirectory} on a multipart-enabled
 * {@link S3AsyncClient}, timed). Both against one S3Mock on loopback, same rows, same format,
 * codec and parallelism; the order alternates by round. Prints the median of each and the ratio
 * (target: direct ≤ 1.2 × local-then-upload).
 *
 * <p>Arguments: rows, rounds, warm-up rounds, then cases {@code format:codec} (default
 * {@code parquet:snappy json:gzip}). S3Mock's executable jar comes from {@code -Pbench}'s
 * {@code fetch-s3mock} execution ({@code benchmarks/target/s3mock/s3mock-exec.jar}).
 */
public final class S3Benchmark {
    private static final int PARALLELISM = 2;

    private S3Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        List<String> cases = args.length > 3 ? List.of(args).subList(3, args.length) : List.of("parquet:snappy", "json:gzip");
        if (System.getProperty("s3mock.jar") == null) {
            Path jar = Path.of("benchmarks", "target", "s3mock", "s3mock-exec.jar");
            System.setProperty("s3mock.jar", (Files.exists(jar) ? jar : Path.of("target", "s3mock", "s3mock-exec.jar")).toString());
        }
        List<Row> data = BenchmarkEvents.rows(rows);
        Dataset dataset = Datasets.of("bench", BenchmarkEvents.SCHEMA, data);
        Path work = Files.createTempDirectory("datasetexport-s3bench");
        System.out.printf("rows=%,d rounds=%d warmup=%d parallelism=%d java=%s cpus=%d%n", rows, rounds, warmup, PARALLELISM,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        System.out.println("| format / codec | SDK → S3 (s) | SDK → local folder (s) | transfer manager upload (s) | local + upload (s) | SDK → S3 ÷ (local + upload) |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        try (S3MockServer s3 = S3MockServer.start(S3MockServer.BUCKET);
             S3AsyncClient async = S3AsyncClient.builder().endpointOverride(s3.endpoint()).region(Region.US_EAST_1)
                     .forcePathStyle(true).multipartEnabled(true)
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
             S3TransferManager transfers = S3TransferManager.builder().s3Client(async).build()) {
            S3Destination destination = S3Destination.builder().bucket(S3MockServer.BUCKET).prefix("direct")
                    .endpointOverride(s3.endpoint()).forcePathStyle(true)
                    .credentials(S3Credentials.accessKey("AKIABENCHMARK", "benchmark-secret")).build();
            for (String c : cases) {
                String format = c.substring(0, c.indexOf(':'));
                Compression codec = Compression.valueOf(c.substring(c.indexOf(':') + 1).toUpperCase(Locale.ROOT));
                List<Double> direct = new ArrayList<>();
                List<Double> local = new ArrayList<>();
                List<Double> upload = new ArrayList<>();
                for (int round = 0; round < rounds; round++) {
                    double d = 0;
                    double[] lu = null;
                    if (round % 2 == 0) {
                        d = toS3(dataset, destination, format, codec);
                        lu = localThenUpload(dataset, work, transfers, format, codec, round);
                    } else {
                        lu = localThenUpload(dataset, work, transfers, format, codec, round);
                        d = toS3(dataset, destination, format, codec);
                    }
                    if (round >= warmup) {
                        direct.add(d);
                        local.add(lu[0]);
                        upload.add(lu[1]);
                    }
                }
                double dm = Timing.median(direct);
                double lm = Timing.median(local);
                double um = Timing.median(upload);
                System.out.printf("| %s %s | %.2f | %.2f | %.2f | %.2f | %.2f |%n", format, codec.name().toLowerCase(Locale.ROOT),
                        dm, lm, um, lm + um, dm / (lm + um));
            }
        } finally {
            Timing.delete(work);
        }
    }

    private static double toS3(Dataset dataset, S3Destination destination, String format, Compression codec) {
        long start = System.nanoTime();
        ExportResult result = DatasetExport.from(dataset).to(destination).format(format).compression(codec)
                .parallelism(PARALLELISM).run();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (result.records() == 0) {
            throw new IllegalStateException("nothing exported");
        }
        return seconds;
    }

    /** @return seconds for the local export and for the upload of its folder */
    private static double[] localThenUpload(Dataset dataset, Path work, S3TransferManager transfers, String format,
                                            Compression codec, int round) {
        Path dir = work.resolve("local-" + round);
        long start = System.nanoTime();
        DatasetExport.from(dataset).to(FileDestination.of(dir)).format(format).compression(codec).parallelism(PARALLELISM).run();
        double exported = (System.nanoTime() - start) / 1e9;
        start = System.nanoTime();
        CompletedDirectoryUpload done = transfers.uploadDirectory(UploadDirectoryRequest.builder().source(dir)
                .bucket(S3MockServer.BUCKET).s3Prefix("uploaded-" + round).build()).completionFuture().join();
        double uploaded = (System.nanoTime() - start) / 1e9;
        if (!done.failedTransfers().isEmpty()) {
            throw new IllegalStateException("upload failed: " + done.failedTransfers().get(0).exception());
        }
        Timing.delete(dir);
        return new double[] {exported, uploaded};
    }
}
