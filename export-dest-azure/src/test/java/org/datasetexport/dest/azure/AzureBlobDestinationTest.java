package org.datasetexport.dest.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.storage.blob.models.BlobProperties;
import java.io.InputStream;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AzureBlobDestinationTest {
    @TempDir
    Path dir;

    private static AzureBlobDestination.Builder destination(AzuriteServer server, String container) {
        return AzureBlobDestination.builder().endpoint(server.endpoint()).container(container)
                .credentials(AzureCredentials.accountKey(AzuriteServer.ACCOUNT, AzuriteServer.KEY));
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "parquet"})
    void export_nestedDataset_readsBackEqualFromTheContainer(String format) throws Exception {
        AzuriteServer server = AzuriteServer.shared();
        String container = server.newContainer();
        List<Row> rows = ExperienceEvents.rows(1500, 4);
        try (AzureBlobDestination blob = destination(server, container).prefix("exports").accessTier("Cool").build()) {
            ExportResult result = DatasetExport.from(Datasets.of("events", ExperienceEvents.SCHEMA, rows)).to(blob)
                    .format(format).compression(Compression.GZIP).maxRecordsPerFile(600).manifest(true).run();
            List<List<Object>> back = new ArrayList<>();
            try (DuckDbReader duck = new DuckDbReader()) {
                for (ExportedFile f : result.files()) {
                    Path local = dir.resolve(f.name());
                    try (InputStream in = blob.open(f.path())) {
                        Files.copy(in, local);
                    }
                    back.addAll(format.equals("json") ? duck.readJson(local, ExperienceEvents.SCHEMA) : duck.readParquet(local, ExperienceEvents.SCHEMA));
                }
            }
            DuckDbReader.Source source = format.equals("json") ? DuckDbReader.Source.JSON : DuckDbReader.Source.PARQUET;
            for (int i = 0; i < rows.size(); i++) {
                assertThat(back.get(i)).isEqualTo(DuckDbReader.expected(rows.get(i), ExperienceEvents.SCHEMA.asStruct(), source));
            }
            assertThat(ExportVerifier.verify(blob, result.manifestPath().orElseThrow()).problems()).isEmpty();
            BlobProperties props = server.service().getBlobContainerClient(container)
                    .getBlobClient("exports/" + result.files().get(0).path()).getProperties();
            assertThat(props.getMetadata()).containsEntry("datasetexport_run_id", result.runId());
        }
    }

    @Test
    void export_fileOfManyBlocks_streamsWithinTheTestHeap() throws Exception {
        AzuriteServer server = AzuriteServer.shared();
        int rowCount = 140_000; // about 80 MB of JSON: 80 blocks of 1 MiB in one file
        Iterable<Row> generated = ExperienceEvents.generated(rowCount);
        try (AzureBlobDestination blob = destination(server, server.newContainer()).blockSize(1024 * 1024).blocksInFlight(3).build();
             HeapWatch heap = new HeapWatch()) {
            ExportResult result = DatasetExport.from(Datasets.of("big", ExperienceEvents.SCHEMA, generated)).to(blob)
                    .format("json").manifest(true).run();
            System.out.printf("Azure many-block export: %,d bytes in %d file(s), %s, %s%n", result.bytes(), result.files().size(),
                    result.duration(), heap);
            assertThat(Runtime.getRuntime().maxMemory()).isLessThanOrEqualTo(300L * 1024 * 1024);
            assertThat(result.files()).singleElement().satisfies(f -> assertThat(f.sizeBytes()).isGreaterThan(60L * 1024 * 1024));
            assertThat(ExportVerifier.verify(blob, result.manifestPath().orElseThrow()).problems()).isEmpty();
        }
    }

    @Test
    void readOnlySas_isRejectedByCheckWithAMessageThatSaysSo() throws Exception {
        AzuriteServer server = AzuriteServer.shared();
        String container = server.newContainer();
        String readOnly = server.sasUri(container, "rl");
        try (DataLandingZoneDestination dlz = DataLandingZoneDestination.of(readOnly)) {
            assertThatThrownBy(dlz::check).isInstanceOfSatisfying(DestinationException.class, e -> {
                assertThat(e.isRetryable()).isFalse();
                assertThat(e.getMessage()).contains("write failed").contains("must allow write, list and delete")
                        .doesNotContain(readOnly.replaceAll(".*sig=([^&]+).*", "$1"));
            });
            assertThat(dlz.toString()).contains("?<SAS>").doesNotContain("sig=");
        }
    }

    @Test
    void landingZoneSasWithoutRead_stillExports() throws Exception {
        AzuriteServer server = AzuriteServer.shared();
        String container = server.newContainer();
        try (DataLandingZoneDestination dlz = DataLandingZoneDestination.of(server.sasUri(container, "wcdl"))) {
            dlz.check();
            ExportResult result = DatasetExport.from(Datasets.of("events", ExperienceEvents.SCHEMA, ExperienceEvents.rows(50, 3)))
                    .to(dlz).format("json").run();
            assertThat(server.service().getBlobContainerClient(container).getBlobClient(result.files().get(0).path()).exists()).isTrue();
        }
    }

    @Test
    void missingContainerAndWrongKey_areClearErrors() throws Exception {
        AzuriteServer server = AzuriteServer.shared();
        try (AzureBlobDestination missing = destination(server, "no-such-container").maxTries(1).build()) {
            assertThatThrownBy(missing::check).isInstanceOf(DestinationException.class)
                    .hasMessageContaining("container \"no-such-container\" does not exist");
        }
        String wrongKey = java.util.Base64.getEncoder().encodeToString(new byte[64]);
        try (AzureBlobDestination wrong = AzureBlobDestination.builder().endpoint(server.endpoint()).container(server.newContainer())
                .maxTries(1).credentials(AzureCredentials.accountKey(AzuriteServer.ACCOUNT, wrongKey)).build()) {
            assertThatThrownBy(wrong::check).isInstanceOfSatisfying(DestinationException.class, e -> {
                assertThat(e.isRetryable()).isFalse();
                assertThat(e.getMessage()).contains("authentication failed").doesNotContain(wrongKey);
            });
            assertThat(wrong.toString()).contains("account key of devstoreaccount1").doesNotContain(wrongKey);
        }
    }

    @Test
    void azuriteStoppedMidUpload_givesARetryableErrorAndNoBlob() throws Exception {
        AzuriteServer own = AzuriteServer.start();
        String container = own.newContainer();
        try (AzureBlobDestination blob = AzureBlobDestination.builder().endpoint(own.endpoint()).container(container).maxTries(1)
                .credentials(AzureCredentials.connectionString(own.connectionString())).blockSize(1024 * 1024).build()) {
            StagedOutput out = blob.create("a/file.bin");
            byte[] chunk = new byte[1024 * 1024];
            out.stream().write(chunk);
            own.stop();
            assertThatThrownBy(() -> {
                for (int i = 0; i < 8; i++) {
                    out.stream().write(chunk);
                }
                out.commit();
            }).isInstanceOfSatisfying(DestinationException.class, e -> {
                assertThat(e.isRetryable()).isTrue();
                assertThat(e.path()).isEqualTo("a/file.bin");
                assertThat(e.getMessage()).contains("cannot reach Azure Storage").doesNotContain(AzuriteServer.KEY);
            });
            out.close();
        } finally {
            own.close();
        }
    }

    @Test
    void providers_mapUrisAndOptions() throws Exception {
        AzuriteServer server = AzuriteServer.shared();
        String container = server.newContainer();
        assertThat(ServiceLoader.load(DestinationProvider.class).stream().map(p -> p.type().getSimpleName()))
                .contains("AzureBlobDestinationProvider", "DataLandingZoneDestinationProvider");
        try (Destination d = Destinations.of("wasbs://" + container + "@" + AzuriteServer.ACCOUNT + "/in/here",
                Map.of("connectionString", server.connectionString(), "blockSize", "2MiB"))) {
            d.check();
            assertThat(d.id()).isEqualTo("azure-devstoreaccount1-" + container + "-in-here");
            assertThat(d.toString()).doesNotContain(AzuriteServer.KEY);
        }
        String sasUri = server.sasUri(container, "racwdl");
        try (Destination d = Destinations.of("dlz://" + container + "/landing", Map.of("sasUri", sasUri))) {
            d.check();
            assertThat(d.toString()).doesNotContain("sig=");
        }
        assertThatThrownBy(() -> Destinations.of("dlz://other/landing", Map.of("sasUri", sasUri)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("another container");
        assertThatThrownBy(() -> Destinations.of("wasbs://" + container + "@acct/x", Map.of("accountKey", "k", "sasToken", "sig=x")))
                .hasMessageContaining("exactly one of connectionString, accountKey, sasToken");
    }
}
