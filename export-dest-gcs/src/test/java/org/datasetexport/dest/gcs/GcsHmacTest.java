package org.datasetexport.dest.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.datasetexport.ConfigurationException;
import org.datasetexport.DatasetExport;
import org.datasetexport.DestinationException;
import org.datasetexport.Destinations;
import org.datasetexport.ExportResult;
import org.datasetexport.ExportVerifier;
import org.datasetexport.ExportedFile;
import org.datasetexport.data.Datasets;
import org.datasetexport.data.Row;
import org.datasetexport.dest.s3.S3Compatibility;
import org.datasetexport.dest.s3.S3Credentials;
import org.datasetexport.dest.s3.S3Destination;
import org.datasetexport.spi.Destination;
import org.datasetexport.spi.StagedOutput;
import org.datasetexport.testdata.DuckDbReader;
import org.datasetexport.testdata.ExperienceEvents;
import org.datasetexport.testdata.FaultProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 24: HMAC keys against a strict stand-in of GCS's XML API (signature checked with the
 * secret; checksum headers and aws-chunked bodies refused; x-goog-if-generation-match honoured,
 * If-None-Match ignored as GCS does).
 */
class GcsHmacTest {
    private static final String KEY_ID = "GOOGHMACTESTKEY";
    private static final String SECRET = "hmac/secret+with @awkward_chars";

    @TempDir
    Path dir;
    private GcsXmlApiServer server;

    @BeforeEach
    void start() throws Exception {
        server = new GcsXmlApiServer("exports", KEY_ID, SECRET);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Map<String, String> options(String... extra) {
        Map<String, String> o = new LinkedHashMap<>(Map.of("hmacAccessKeyId", KEY_ID, "hmacSecret", SECRET,
                "endpoint", server.endpoint(), "maxAttempts", "1"));
        for (int i = 0; i < extra.length; i += 2) {
            o.put(extra[i], extra[i + 1]);
        }
        return o;
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "parquet"})
    void export_throughTheXmlApi_readsBackEqualWithDuckDb(String format) throws Exception {
        List<Row> rows = ExperienceEvents.rows(1500, 24);
        try (Destination gcs = Destinations.of("gs://exports/hmac", options("storageClass", "NEARLINE",
                "kmsKeyName", "projects/p/locations/eu/keyRings/r/cryptoKeys/k"))) {
            gcs.check();
            ExportResult result = DatasetExport.from(Datasets.of("events", ExperienceEvents.SCHEMA, rows)).to(gcs)
                    .format(format).maxRecordsPerFile(600).manifest(true).run();

            assertThat(result.files()).hasSize(3);
            assertThat(ExportVerifier.verify(gcs, result.manifestPath().orElseThrow()).problems()).isEmpty();
            List<List<Object>> back = new ArrayList<>();
            try (DuckDbReader duck = new DuckDbReader()) {
                for (ExportedFile f : result.files()) {
                    Path local = dir.resolve(f.path().substring(f.path().lastIndexOf('/') + 1));
                    Files.write(local, server.objects.get("hmac/" + f.path()).data());
                    back.addAll(format.equals("json") ? duck.readJson(local, ExperienceEvents.SCHEMA)
                            : duck.readParquet(local, ExperienceEvents.SCHEMA));
                }
            }
            DuckDbReader.Source source = format.equals("json") ? DuckDbReader.Source.JSON : DuckDbReader.Source.PARQUET;
            for (int i = 0; i < rows.size(); i++) {
                assertThat(back.get(i)).as("row %d", i).isEqualTo(DuckDbReader.expected(rows.get(i), ExperienceEvents.SCHEMA.asStruct(), source));
            }
            GcsXmlApiServer.StoredObject first = server.objects.get("hmac/" + result.files().get(0).path());
            assertThat(first.metadata()).containsEntry("datasetexport-run-id", result.runId())
                    .containsEntry("datasetexport-dataset-id", "events");
            assertThat(first.storageClass()).isEqualTo("NEARLINE");
            assertThat(first.kmsKeyName()).isEqualTo("projects/p/locations/eu/keyRings/r/cryptoKeys/k");
        }
        assertThat(server.refusals).isEmpty();
    }

    @Test
    void largeFile_isAMultipartUpload_withStorageClassAndKmsKey_andNeverOverwrites() throws Exception {
        byte[] data = new byte[11 * 1024 * 1024];
        new Random(7).nextBytes(data);
        try (Destination gcs = GcsDestination.builder().bucket("exports").endpoint(server.endpoint()).maxAttempts(1)
                .credentials(GcsCredentials.hmac(KEY_ID, SECRET)).storageClass("COLDLINE").kmsKeyName("projects/p/k").build()) {
            write(gcs, "big.bin", data);
            assertThat(server.objects.get("big.bin").data()).isEqualTo(data);
            assertThat(server.objects.get("big.bin").etag()).endsWith("-2"); // two parts of the default 8 MiB chunk
            assertThat(server.objects.get("big.bin").storageClass()).isEqualTo("COLDLINE");
            assertThat(server.objects.get("big.bin").kmsKeyName()).isEqualTo("projects/p/k");

            // both pass the existence check at create; the publish itself must refuse the second
            StagedOutput late = started(gcs, "late.bin", new byte[data.length]);
            StagedOutput early = started(gcs, "late.bin", data);
            early.commit();
            assertThatThrownBy(late::commit).isInstanceOf(FileAlreadyExistsException.class);
            late.close();
            assertThatThrownBy(() -> write(gcs, "big.bin", new byte[10])).isInstanceOf(FileAlreadyExistsException.class);
            assertThat(server.objects.get("late.bin").data()).isEqualTo(data);
            assertThat(server.objects.get("big.bin").data()).isEqualTo(data);
            assertThat(server.uploads).as("the refused upload was aborted").isEmpty();
        }
        assertThat(server.refusals).isEmpty();
    }

    private static StagedOutput started(Destination d, String path, byte[] data) throws Exception {
        StagedOutput out = d.create(path);
        out.stream().write(data);
        return out;
    }

    private static void write(Destination gcs, String path, byte[] data) throws Exception {
        try (StagedOutput out = gcs.create(path)) {
            try (OutputStream os = out.stream()) {
                os.write(data);
            }
            out.commit();
        }
    }

    /** Issue 22 over HMAC: the response to completing a multipart upload is lost; the retry finds no upload (404) but its own object. */
    @Test
    void aLostResponseToCompletingAMultipartUpload_isRecognisedAsItsOwnObject() throws Exception {
        byte[] data = new byte[11 * 1024 * 1024];
        new Random(8).nextBytes(data);
        try (FaultProxy proxy = new FaultProxy(URI.create(server.endpoint()).getPort())) {
            proxy.inject(head -> head.startsWith("POST ") && head.contains("uploadId="), FaultProxy.Fault.DROP_RESPONSE, 1);
            try (Destination gcs = GcsDestination.builder().bucket("exports").endpoint("http://127.0.0.1:" + proxy.port())
                    .maxAttempts(3).credentials(GcsCredentials.hmac(KEY_ID, SECRET)).build()) {
                write(gcs, "completed.bin", data);
            }
            assertThat(proxy.faulted()).hasSize(1);
        }
        assertThat(server.objects.get("completed.bin").data()).isEqualTo(data);
        assertThat(server.refusals).isEmpty();
    }

    /** What the seed did (an S3 client with the AWS SDK's defaults) is refused by the XML API; so is PLAIN's If-None-Match, ignored. */
    @Test
    void theAwsSdksDefaultRequests_areRefusedByTheStandIn() throws Exception {
        try (S3Destination seed = S3Destination.builder().bucket("exports").region("auto").forcePathStyle(true)
                .endpointOverride(URI.create(server.endpoint())).credentials(S3Credentials.accessKey(KEY_ID, SECRET))
                .maxAttempts(1).build()) {
            assertThatThrownBy(() -> DatasetExport.from(Datasets.of("events", ExperienceEvents.SCHEMA, ExperienceEvents.rows(10, 1)))
                    .to(seed).format("json").run()).isInstanceOf(DestinationException.class);
            assertThatThrownBy(seed::check).isInstanceOf(DestinationException.class).hasMessageContaining("PutObject failed");
        }
        assertThat(server.refusals).isNotEmpty().allSatisfy(r -> assertThat(r).containsAnyOf("x-amz-checksum-", "x-amz-sdk-checksum-algorithm",
                "x-amz-trailer", "aws-chunked"));
        assertThat(server.objects).isEmpty();
    }

    /** A store that ignores If-None-Match (as GCS does on PUT) would let PLAIN overwrite: only GCS mode keeps the object. */
    @ParameterizedTest
    @EnumSource(value = S3Compatibility.class, names = {"PLAIN", "GCS"})
    void onlyGcsCompatibility_refusesToOverwriteOnGcs(S3Compatibility compatibility) throws Exception {
        try (S3Destination s3 = S3Destination.builder().bucket("exports").region("auto").forcePathStyle(true)
                .endpointOverride(URI.create(server.endpoint())).credentials(S3Credentials.accessKey(KEY_ID, SECRET))
                .compatibility(compatibility).maxAttempts(1).build()) {
            // both pass the existence check at create (as two writers racing would); then both publish
            StagedOutput first = started(s3, "a.txt", new byte[] {1});
            StagedOutput second = started(s3, "a.txt", new byte[] {2});
            first.commit();
            if (compatibility == S3Compatibility.GCS) {
                assertThatThrownBy(second::commit).isInstanceOf(FileAlreadyExistsException.class);
                assertThat(server.objects.get("a.txt").data()).containsExactly(1);
            } else {
                second.commit();
                assertThat(server.objects.get("a.txt").data()).containsExactly(2);
            }
            second.close();
            first.close();
        }
        assertThat(server.refusals).isEmpty();
    }

    @Test
    void wrongSecret_failsWithANamedNonRetryableError() throws Exception {
        try (Destination gcs = Destinations.of("gs://exports/x", Map.of("hmacAccessKeyId", KEY_ID, "hmacSecret", "wrong",
                "endpoint", server.endpoint(), "maxAttempts", "1"))) {
            assertThatThrownBy(gcs::check).isInstanceOf(DestinationException.class).hasMessageContaining("exports")
                    .hasMessageContaining("SignatureDoesNotMatch").satisfies(e -> assertThat(((DestinationException) e).isRetryable()).isFalse());
        }
        assertThat(server.refusals).singleElement().asString().contains("SignatureDoesNotMatch");
    }

    @Test
    void settingsTheXmlApiCannotHonour_areRefused() {
        assertThatThrownBy(() -> GcsDestination.builder().bucket("exports").credentials(GcsCredentials.hmac(KEY_ID, SECRET))
                .client(LocalStorageHelper.getOptions().getService()).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("cannot use a google-cloud-storage client");
        assertThatThrownBy(() -> Destinations.of("gs://exports/x", options("projectId", "p")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("projectId");
    }
}
