package org.datasetexport.dest.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.datasetexport.Compression;
import org.datasetexport.ConfigurationException;
import org.datasetexport.DatasetExport;
import org.datasetexport.DestinationException;
import org.datasetexport.Destinations;
import org.datasetexport.ExportResult;
import org.datasetexport.ExportVerifier;
import org.datasetexport.ExportedFile;
import org.datasetexport.data.Datasets;
import org.datasetexport.data.Row;
import org.datasetexport.spi.Destination;
import org.datasetexport.spi.DestinationProvider;
import org.datasetexport.spi.StagedOutput;
import org.datasetexport.testdata.DuckDbReader;
import org.datasetexport.testdata.ExperienceEvents;
import org.datasetexport.testdata.HeapWatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GcsDestinationTest {
    private static final String HMAC_SECRET = "hmac-secret-do-not-print";

    @TempDir
    Path dir;
    private FakeGcsServer server;

    @BeforeEach
    void start() throws Exception {
        server = new FakeGcsServer("exports");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private GcsDestination.Builder destination() {
        return GcsDestination.builder().bucket("exports").endpoint(server.endpoint()).projectId("test")
                .credentials(GcsCredentials.none()).chunkSize(256 * 1024).maxAttempts(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "parquet"})
    void export_nestedDataset_readsBackEqual(String format) throws Exception {
        List<Row> rows = ExperienceEvents.rows(1200, 8);
        try (GcsDestination gcs = destination().prefix("exports").build()) {
            ExportResult result = DatasetExport.from(Datasets.of("events", ExperienceEvents.SCHEMA, rows)).to(gcs)
                    .format(format).compression(Compression.ZSTD).maxRecordsPerFile(500).manifest(true).run();
            List<List<Object>> back = new ArrayList<>();
            try (DuckDbReader duck = new DuckDbReader()) {
                for (ExportedFile f : result.files()) {
                    Path local = dir.resolve(f.name());
                    try (InputStream in = gcs.open(f.path())) {
                        Files.copy(in, local);
                    }
                    back.addAll(format.equals("json") ? duck.readJson(local, ExperienceEvents.SCHEMA) : duck.readParquet(local, ExperienceEvents.SCHEMA));
                }
            }
            DuckDbReader.Source source = format.equals("json") ? DuckDbReader.Source.JSON : DuckDbReader.Source.PARQUET;
            for (int i = 0; i < rows.size(); i++) {
                assertThat(back.get(i)).isEqualTo(DuckDbReader.expected(rows.get(i), ExperienceEvents.SCHEMA.asStruct(), source));
            }
            assertThat(ExportVerifier.verify(gcs, result.manifestPath().orElseThrow()).problems()).isEmpty();
        }
    }

    @Test
    void export_multiChunkFile_streamsWithinTheTestHeap() throws Exception {
        try (GcsDestination gcs = destination().build(); HeapWatch heap = new HeapWatch()) {
            ExportResult result = DatasetExport.from(Datasets.of("big", ExperienceEvents.SCHEMA, ExperienceEvents.generated(40_000)))
                    .to(gcs).format("json").run();
            System.out.printf("GCS multi-chunk export: %,d bytes, %s, %s%n", result.bytes(), result.duration(), heap);
            assertThat(Runtime.getRuntime().maxMemory()).isLessThanOrEqualTo(300L * 1024 * 1024);
            assertThat(result.bytes()).isGreaterThan(20L * 256 * 1024); // more than 20 chunks
            assertThat(server.objects.get(result.files().get(0).path()).data()).hasSize((int) result.bytes());
            assertThat(server.sessions).isEmpty();
        }
    }

    @Test
    void abort_leavesNoObject() throws Exception {
        try (GcsDestination gcs = destination().build()) {
            try (StagedOutput out = gcs.create("a/aborted.bin")) {
                out.stream().write(new byte[700 * 1024]); // two chunks sent, the final one never
            }
            assertThat(server.objects).isEmpty();
            assertThat(gcs.list("")).isEmpty();
        }
    }

    @Test
    void commit_whenTheObjectAppearedMeanwhile_failsOnThePreconditionAndKeepsIt() throws Exception {
        try (GcsDestination gcs = destination().build()) {
            StagedOutput out = gcs.create("race.bin");
            out.stream().write(new byte[] {1, 2, 3});
            server.objects.put("race.bin", new FakeGcsServer.StoredObject(new byte[] {9}, 77, Map.of()));
            assertThatThrownBy(out::commit).isInstanceOf(FileAlreadyExistsException.class);
            assertThat(server.objects.get("race.bin").data()).containsExactly(9);
        }
    }

    @Test
    void forbiddenAndStoppedServer_giveClearErrors() throws Exception {
        try (GcsDestination gcs = destination().build()) {
            server.denyAll = true;
            assertThatThrownBy(gcs::check).isInstanceOfSatisfying(DestinationException.class, e -> {
                assertThat(e.isRetryable()).isFalse();
                assertThat(e.getMessage()).contains("access denied for bucket \"exports\"");
            });
            server.denyAll = false;
            StagedOutput out = gcs.create("a/file.bin");
            out.stream().write(new byte[300 * 1024]); // the first chunk is sent
            server.stop();
            assertThatThrownBy(() -> {
                out.stream().write(new byte[300 * 1024]);
                out.commit();
            }).isInstanceOfSatisfying(DestinationException.class, e -> {
                assertThat(e.isRetryable()).isTrue();
                assertThat(e.path()).isEqualTo("a/file.bin");
            });
            out.close();
        }
    }

    @Test
    void commit_crc32cMismatch_deletesTheObjectAndFails() throws Exception {
        try (GcsDestination gcs = destination().build()) {
            server.corruptNextUpload = true;
            StagedOutput out = gcs.create("corrupt.bin");
            out.stream().write("some bytes".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThatThrownBy(out::commit).isInstanceOf(java.io.IOException.class).hasMessageContaining("CRC32C of corrupt.bin does not match");
            assertThat(server.objects).doesNotContainKey("corrupt.bin");
        }
    }

    @Test
    void missingBucket_isNamed() throws Exception {
        try (GcsDestination gcs = GcsDestination.builder().bucket("no-such-bucket").endpoint(server.endpoint()).projectId("test")
                .credentials(GcsCredentials.none()).maxAttempts(1).build()) {
            assertThatThrownBy(gcs::check).isInstanceOf(DestinationException.class).hasMessageContaining("no-such-bucket");
        }
    }

    @Test
    void provider_mapsOptionsAndKeepsSecretsOut() {
        assertThat(ServiceLoader.load(DestinationProvider.class).stream().map(p -> p.type().getSimpleName()))
                .contains("GcsDestinationProvider");
        String json = "{\"type\":\"service_account\",\"client_email\":\"exporter@proj.iam.gserviceaccount.com\","
                + "\"private_key\":\"-----BEGIN PRIVATE KEY-----\\nnot-a-real-key\\n-----END PRIVATE KEY-----\\n\"}";
        assertThat(GcsCredentials.serviceAccountJson(json).toString())
                .isEqualTo("GcsCredentials[service account exporter@proj.iam.gserviceaccount.com]");
        assertThatThrownBy(() -> Destinations.of("gs://b-1/x", Map.of("hmacSecret", HMAC_SECRET)))
                .isInstanceOf(ConfigurationException.class).hasMessage("gs: options hmacAccessKeyId and hmacSecret go together");
        assertThatThrownBy(() -> Destinations.of("gs://b-1/x", Map.of("chunkSize", "100k")))
                .hasMessageContaining("chunkSize must be a multiple of 256 KiB");
    }
}
