package org.datasetexport.dest.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.UUID;
import org.datasetexport.Compression;
import org.datasetexport.ConfigurationException;
import org.datasetexport.DatasetExport;
import org.datasetexport.DestinationException;
import org.datasetexport.ExportException;
import org.datasetexport.ExportResult;
import org.datasetexport.ExportVerifier;
import org.datasetexport.ExportedFile;
import org.datasetexport.data.Datasets;
import org.datasetexport.data.Row;
import org.datasetexport.files.FileDataset;
import org.datasetexport.files.FileSource;
import org.datasetexport.format.json.JsonLinesFiles;
import org.datasetexport.spi.Destination;
import org.datasetexport.spi.DestinationProvider;
import org.datasetexport.spi.StagedOutput;
import org.datasetexport.testdata.DuckDbReader;
import org.datasetexport.testdata.ExperienceEvents;
import org.datasetexport.testdata.HeapWatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

class S3DestinationTest {
    private static final String SECRET = "test-secret-do-not-print";

    @TempDir
    Path dir;

    private static String prefix() {
        return "t-" + UUID.randomUUID();
    }

    private static List<String> pendingUploads(S3Client client, String prefix) {
        return client.listMultipartUploads(r -> r.bucket(S3MockServer.BUCKET).prefix(prefix + "/")).uploads().stream()
                .map(u -> u.key()).toList();
    }

    private Path download(S3Destination s3, String path) throws Exception {
        Path file = dir.resolve(path.substring(path.lastIndexOf('/') + 1));
        try (InputStream in = s3.open(path)) {
            Files.copy(in, file);
        }
        return file;
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "parquet"})
    void export_nestedDataset_readsBackEqualFromTheBucket(String format) throws Exception {
        List<Row> rows = ExperienceEvents.rows(2000, 9);
        try (S3Destination s3 = S3MockServer.shared().destination(prefix()).serverSideEncryptionS3()
                .putTag("team", "data").build()) {
            ExportResult result = DatasetExport.from(Datasets.of("events", ExperienceEvents.SCHEMA, rows)).to(s3)
                    .folder("nightly").format(format).compression(Compression.ZSTD).maxRecordsPerFile(700).manifest(true).run();

            assertThat(result.files()).hasSize(3);
            List<List<Object>> back = new ArrayList<>();
            try (DuckDbReader duck = new DuckDbReader()) {
                for (ExportedFile f : result.files()) {
                    Path local = download(s3, f.path());
                    back.addAll(format.equals("json") ? duck.readJson(local, ExperienceEvents.SCHEMA)
                            : duck.readParquet(local, ExperienceEvents.SCHEMA));
                }
            }
            DuckDbReader.Source source = format.equals("json") ? DuckDbReader.Source.JSON : DuckDbReader.Source.PARQUET;
            for (int i = 0; i < rows.size(); i++) {
                assertThat(back.get(i)).as("row %d", i).isEqualTo(DuckDbReader.expected(rows.get(i), ExperienceEvents.SCHEMA.asStruct(), source));
            }
            assertThat(ExportVerifier.verify(s3, result.manifestPath().orElseThrow()).problems()).isEmpty();
            try (S3Client raw = S3MockServer.shared().client()) {
                HeadObjectResponse head = raw.headObject(r -> r.bucket(S3MockServer.BUCKET)
                        .key(s3.prefix() + "/" + result.files().get(0).path()));
                assertThat(head.metadata()).containsEntry(S3Destination.RUN_ID_METADATA, result.runId())
                        .containsEntry(S3Destination.DATASET_ID_METADATA, "events");
                assertThat(head.serverSideEncryptionAsString()).isEqualTo("AES256");
            }
        }
    }

    @Test
    void filesOnS3_asADataset_convertJsonToParquetFromOneBucketPrefixToAnother() throws Exception {
        List<Row> rows = ExperienceEvents.rows(1500, 4);
        try (S3Destination landing = S3MockServer.shared().destination(prefix()).build();
             S3Destination lake = S3MockServer.shared().destination(prefix()).build()) {
            DatasetExport.from(Datasets.of("events", ExperienceEvents.SCHEMA, rows)).to(landing).folder("raw")
                    .format("json").compression(Compression.GZIP).maxRecordsPerFile(500).manifest(true).run();

            FileDataset json = FileDataset.builder(FileSource.of(landing, "raw/events"), JsonLinesFiles.reader())
                    .id("events").schema(ExperienceEvents.SCHEMA).build();
            ExportResult converted = DatasetExport.from(json).to(lake).format("parquet").parallelism(2).run();

            List<List<Object>> back = new ArrayList<>();
            try (DuckDbReader duck = new DuckDbReader()) {
                for (ExportedFile f : converted.files()) {
                    back.addAll(duck.readParquet(download(lake, f.path()), ExperienceEvents.SCHEMA));
                }
            }
            back.sort(java.util.Comparator.comparing(r -> (String) r.get(0)));
            List<List<Object>> expected = new ArrayList<>();
            for (Row r : rows) {
                expected.add(DuckDbReader.expected(r, ExperienceEvents.SCHEMA.asStruct(), DuckDbReader.Source.PARQUET));
            }
            expected.sort(java.util.Comparator.comparing(r -> (String) r.get(0)));
            assertThat(back).isEqualTo(expected);
        }
    }

    @Test
    void export_200MegabytesWithSmallParts_streamsWithinTheTestHeap() throws Exception {
        int rowCount = 360_000; // about 570 bytes a row as JSON: just over 200 MB
        Iterable<Row> generated = ExperienceEvents.generated(rowCount);
        String prefix = prefix();
        try (S3Destination s3 = S3MockServer.shared().destination(prefix).partSize(S3Destination.MIN_PART_SIZE)
                .partsInFlight(3).build(); S3Client raw = S3MockServer.shared().client(); HeapWatch heap = new HeapWatch()) {
            ExportResult result = DatasetExport.from(Datasets.of("big", ExperienceEvents.SCHEMA, generated)).to(s3)
                    .format("json").maxFileSize(64L * 1024 * 1024).manifest(true).run();
            System.out.printf("S3 200 MB export: %,d bytes in %d files, %s, %s%n", result.bytes(), result.files().size(),
                    result.duration(), heap);
            assertThat(Runtime.getRuntime().maxMemory()).isLessThanOrEqualTo(300L * 1024 * 1024);
            assertThat(result.bytes()).isGreaterThan(200L * 1000 * 1000);
            assertThat(result.files()).hasSizeGreaterThanOrEqualTo(4);
            assertThat(pendingUploads(raw, prefix)).isEmpty();
            assertThat(ExportVerifier.verify(s3, result.manifestPath().orElseThrow()).problems()).isEmpty();
        }
    }

    /**
     * Checksums travel in the x-amz-checksum-crc32c header (no aws-chunked trailer, which the quiet
     * signer does not write), which S3 checks on arrival: seen on the wire through a pass-through
     * proxy, a whole object's PutObject and every UploadPart carry the CRC32C of exactly the bytes
     * that ended up in the object.
     */
    @Test
    void everyUpload_carriesTheCrc32cOfItsBytes_wholeAndEachPart() throws Exception {
        String prefix = prefix();
        try (org.datasetexport.testdata.FaultProxy proxy = new org.datasetexport.testdata.FaultProxy(S3MockServer.shared().endpoint().getPort());
                S3Destination s3 = S3MockServer.shared().destination(prefix).partSize(S3Destination.MIN_PART_SIZE)
                        .endpointOverride(java.net.URI.create("http://127.0.0.1:" + proxy.port())).build();
                S3Client raw = S3MockServer.shared().client()) {
            ExportResult small = DatasetExport.from(Datasets.of("small", ExperienceEvents.SCHEMA, ExperienceEvents.rows(50, 4)))
                    .to(s3).format("json").run();
            ExportResult big = DatasetExport.from(Datasets.of("big", ExperienceEvents.SCHEMA, ExperienceEvents.generated(20_000)))
                    .to(s3).format("json").run();
            String smallKey = prefix + "/" + small.files().get(0).path();
            assertThat(checksumsSent(proxy, smallKey)).containsExactly(
                    crc32c(raw.getObjectAsBytes(r -> r.bucket(S3MockServer.BUCKET).key(smallKey)).asByteArray()));

            assertThat(big.files()).singleElement().satisfies(f -> assertThat(f.sizeBytes()).isGreaterThan(2L * S3Destination.MIN_PART_SIZE));
            String bigKey = prefix + "/" + big.files().get(0).path();
            byte[] bytes = raw.getObjectAsBytes(r -> r.bucket(S3MockServer.BUCKET).key(bigKey)).asByteArray();
            List<String> parts = new ArrayList<>();
            for (int from = 0; from < bytes.length; from += S3Destination.MIN_PART_SIZE) {
                parts.add(crc32c(java.util.Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + S3Destination.MIN_PART_SIZE))));
            }
            assertThat(checksumsSent(proxy, bigKey + "?partNumber=")).containsExactlyInAnyOrderElementsOf(parts);
        }
    }

    /** The x-amz-checksum-crc32c of each PUT whose request line names the key (and the rest of the target, when given). */
    private static List<String> checksumsSent(org.datasetexport.testdata.FaultProxy proxy, String target) {
        List<String> sent = new ArrayList<>();
        for (String head : proxy.seen()) {
            String line = head.substring(0, head.indexOf('\r'));
            String path = java.net.URLDecoder.decode(line.split(" ")[1].replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
            boolean part = path.contains("partNumber=");
            if (line.startsWith("PUT ") && path.startsWith("/" + S3MockServer.BUCKET + "/" + target) && (part || !target.contains("?") && !path.contains("?"))) {
                sent.add(head.lines().filter(h -> h.toLowerCase(java.util.Locale.ROOT).startsWith("x-amz-checksum-crc32c:"))
                        .map(h -> h.substring(h.indexOf(':') + 1).trim()).findFirst().orElse("(none)"));
            }
        }
        return sent;
    }

    private static String crc32c(byte[] bytes) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(bytes);
        return java.util.Base64.getEncoder().encodeToString(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    @Test
    void export_failingInTheMiddleOfAMultipartFile_leavesNoObjectAndNoPendingUpload() throws Exception {
        Iterable<Row> failing = () -> new Iterator<>() {
            private int i;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Row next() {
                if (i == 40_000) {
                    throw new IllegalStateException("source broke at row 40000");
                }
                return ExperienceEvents.rows(1, i++).get(0);
            }
        };
        String prefix = prefix();
        try (S3Destination s3 = S3MockServer.shared().destination(prefix).partSize(S3Destination.MIN_PART_SIZE).build();
             S3Client raw = S3MockServer.shared().client()) {
            assertThatThrownBy(() -> DatasetExport.from(Datasets.of("broken", ExperienceEvents.SCHEMA, failing)).to(s3)
                    .format("json").maxRecordsPerFile(15_000).run())
                    .isInstanceOf(ExportException.class).hasMessageContaining("source broke at row 40000");
            assertThat(s3.list("")).isEmpty();
            assertThat(pendingUploads(raw, prefix)).isEmpty();
        }
    }

    @Test
    void missingBucket_isAClearNonRetryableError() throws Exception {
        try (S3Destination s3 = S3Destination.builder().bucket("no-such-bucket").endpointOverride(S3MockServer.shared().endpoint())
                .forcePathStyle(true).credentials(S3Credentials.accessKey("AKIATEST", SECRET)).build()) {
            assertThatThrownBy(s3::check).isInstanceOfSatisfying(DestinationException.class, e -> {
                assertThat(e.isRetryable()).isFalse();
                assertThat(e.getMessage()).contains("PutObject failed").contains("bucket \"no-such-bucket\" does not exist")
                        .doesNotContain(SECRET);
            });
            assertThatThrownBy(() -> DatasetExport.from(Datasets.of("x", ExperienceEvents.SCHEMA, ExperienceEvents.rows(3, 1)))
                    .to(s3).format("json").run())
                    .isInstanceOf(DestinationException.class).hasMessageContaining("does not exist");
        }
    }

    @Test
    void wrongEndpoint_isARetryableErrorNamingTheProblem() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (S3Destination s3 = S3Destination.builder().bucket("exports").endpointOverride(URI.create("http://127.0.0.1:" + closedPort))
                .forcePathStyle(true).maxAttempts(1).connectTimeout(Duration.ofSeconds(1))
                .credentials(S3Credentials.accessKey("AKIATEST", SECRET)).build()) {
            assertThatThrownBy(s3::check).isInstanceOfSatisfying(DestinationException.class, e -> {
                assertThat(e.isRetryable()).isTrue();
                assertThat(e.getMessage()).contains("cannot reach S3").doesNotContain(SECRET);
            });
        }
    }

    @Test
    void serverKilledMidUpload_failsTheCommitWithARetryableError() throws Exception {
        S3MockServer server = S3MockServer.start(S3MockServer.BUCKET);
        try (S3Destination s3 = server.destination(prefix()).partSize(S3Destination.MIN_PART_SIZE).maxAttempts(2)
                .connectTimeout(Duration.ofSeconds(1)).build()) {
            StagedOutput out = s3.create("a/big.bin");
            byte[] chunk = new byte[1024 * 1024];
            for (int i = 0; i < 6; i++) {
                out.stream().write(chunk); // the first part is on its way
            }
            server.kill();
            assertThatThrownBy(() -> {
                for (int i = 0; i < 12; i++) {
                    out.stream().write(chunk);
                }
                out.commit();
            }).isInstanceOfSatisfying(DestinationException.class, e -> {
                assertThat(e.isRetryable()).isTrue();
                assertThat(e.path()).isEqualTo("a/big.bin");
                assertThat(e.getMessage()).contains("cannot reach S3").doesNotContain(SECRET);
            });
            out.close();
        } finally {
            server.close();
        }
    }

    @Test
    void cleanup_abortsStaleMultipartUploadsUnderThePrefix() throws Exception {
        String prefix = prefix();
        try (S3Destination s3 = S3MockServer.shared().destination(prefix).build(); S3Client raw = S3MockServer.shared().client()) {
            raw.createMultipartUpload(r -> r.bucket(S3MockServer.BUCKET).key(prefix + "/crashed/part-00000.json"));
            raw.createMultipartUpload(r -> r.bucket(S3MockServer.BUCKET).key("elsewhere-" + prefix + "/x.json"));
            assertThat(pendingUploads(raw, prefix)).hasSize(1);
            assertThat(s3.cleanup(Duration.ofDays(1))).isZero();
            assertThat(s3.cleanup(Duration.ZERO)).isEqualTo(1);
            assertThat(pendingUploads(raw, prefix)).isEmpty();
            raw.listMultipartUploads(r -> r.bucket(S3MockServer.BUCKET).prefix("elsewhere-" + prefix)).uploads()
                    .forEach(u -> raw.abortMultipartUpload(a -> a.bucket(S3MockServer.BUCKET).key(u.key()).uploadId(u.uploadId())));
        }
    }

    @Test
    void assumedRole_callsStsWithTheRoleAndUsesItsCredentials() throws Exception {
        try (StsStandIn sts = new StsStandIn("ASIAASSUMED", "assumed-secret-do-not-print", "assumed-token")) {
            Map<String, String> options = Map.of("endpoint", S3MockServer.shared().endpoint().toString(), "pathStyle", "true",
                    "accessKeyId", "AKIABASE", "secretAccessKey", SECRET,
                    "roleArn", "arn:aws:iam::123456789012:role/exports", "externalId", "ext-42", "roleSessionName", "nightly",
                    "stsEndpoint", sts.endpoint());
            try (Destination s3 = org.datasetexport.Destinations.of("s3://exports/" + prefix(), options)) {
                s3.check();
                assertThat(sts.calls.get()).isPositive();
                assertThat(sts.parameters).containsEntry("Action", "AssumeRole").containsEntry("RoleArn", "arn:aws:iam::123456789012:role/exports")
                        .containsEntry("ExternalId", "ext-42").containsEntry("RoleSessionName", "nightly");
                // signed with the base key; the body (a form) is signed too, as STS requires
                assertThat(sts.headers.get("authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIABASE/").contains("/sts/aws4_request");
                assertThat(sts.headers.get("x-amz-content-sha256")).matches("[0-9a-f]{64}");
                assertThat(s3.toString()).contains("assumeRole arn:aws:iam::123456789012:role/exports")
                        .doesNotContain(SECRET).doesNotContain("assumed-secret-do-not-print").doesNotContain("ext-42");
            }
        }
    }

    @Test
    void provider_mapsTheUriAndOptionsAndRejectsUnknownKeys() {
        assertThat(ServiceLoader.load(DestinationProvider.class).stream().map(p -> p.type().getSimpleName()))
                .contains("S3DestinationProvider");
        try (Destination d = org.datasetexport.Destinations.of("s3://my-bucket/a/b", Map.of("region", "eu-west-1",
                "accessKeyId", "AKIAX", "secretAccessKey", SECRET, "partSize", "16MiB", "partsInFlight", "2", "sse", "aws:kms",
                "kmsKeyId", "alias/exports", "storageClass", "STANDARD_IA"))) {
            S3Destination s3 = (S3Destination) d;
            assertThat(s3.bucket()).isEqualTo("my-bucket");
            assertThat(s3.prefix()).isEqualTo("a/b");
            assertThat(s3.partSize()).isEqualTo(16 * 1024 * 1024);
            assertThat(s3.id()).isEqualTo("s3-my-bucket-a-b");
            assertThat(s3.toString()).contains("accessKey AKIAX").doesNotContain(SECRET);
        }
        assertThatThrownBy(() -> org.datasetexport.Destinations.of("s3://b-1/x", Map.of("secretKey", SECRET)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("unknown option \"secretKey\"")
                .hasMessageNotContaining(SECRET);
        assertThatThrownBy(() -> org.datasetexport.Destinations.of("s3://b-1/x", Map.of("partSize", "1MiB")))
                .hasMessage("partSize must be 5 MiB to 512 MiB, got 1048576");
        assertThatThrownBy(() -> org.datasetexport.Destinations.of("s3://b-1/x", Map.of("sse", "rot13")))
                .hasMessage("option \"sse\" must be AES256 or aws:kms, got \"rot13\"");
        try (Destination d = org.datasetexport.Destinations.of("s3://b-1/x", Map.of("compatibility", "plain"))) {
            assertThat(d.toString()).contains("compatibility=PLAIN");
        }
        assertThatThrownBy(() -> org.datasetexport.Destinations.of("s3://b-1/x", Map.of("compatibility", "minio")))
                .hasMessage("option \"compatibility\" must be aws, plain or gcs, got \"minio\"");
        assertThatThrownBy(() -> S3Destination.builder().putHeader("x-bad\nheader", "v"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("is not a token");
        assertThatThrownBy(() -> S3Destination.builder().putHeader("x-goog-storage-class", "A\r\nInjected: 1"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("control characters");
    }

    /** PLAIN (for stores that refuse the SDK's newer checksum shapes) against S3Mock: small and multipart files, no overwrite. */
    @Test
    void plainCompatibility_exportsAndStillRefusesToOverwrite() throws Exception {
        try (S3Destination s3 = S3MockServer.shared().destination(prefix()).compatibility(S3Compatibility.PLAIN).build()) {
            ExportResult result = DatasetExport.from(Datasets.of("events", ExperienceEvents.SCHEMA, ExperienceEvents.rows(30_000, 3)))
                    .to(s3).format("json").maxRecordsPerFile(20_000).manifest(true).run();
            assertThat(ExportVerifier.verify(s3, result.manifestPath().orElseThrow()).problems()).isEmpty();
            assertThat(result.files()).hasSize(2);
            assertThat(result.files().get(0).sizeBytes()).as("a multipart upload").isGreaterThan(s3.partSize());
            assertThat(result.files().get(1).sizeBytes()).as("one PutObject").isLessThan(s3.partSize());
            StagedOutput first = s3.create("race.bin");
            StagedOutput second = s3.create("race.bin");
            first.stream().write(1);
            second.stream().write(2);
            first.commit();
            assertThatThrownBy(second::commit).isInstanceOf(FileAlreadyExistsException.class);
            second.close();
            first.close();
        }
    }
}
