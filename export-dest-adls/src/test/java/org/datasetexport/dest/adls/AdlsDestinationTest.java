package org.datasetexport.dest.adls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.file.datalake.DataLakeFileClient;
import com.azure.storage.file.datalake.DataLakeServiceClientBuilder;
import com.azure.storage.file.datalake.models.DataLakeRequestConditions;
import com.azure.storage.file.datalake.models.DataLakeStorageException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AdlsDestinationTest {
    private static final String KEY = AdlsContractTest.KEY;

    @TempDir
    Path dir;
    private FakeDfsServer server;

    @BeforeEach
    void start() throws Exception {
        server = new FakeDfsServer("acct", "exports", null);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private AdlsDestination.Builder destination() {
        return AdlsDestination.builder().account("acct").endpoint(server.endpoint()).fileSystem("exports").maxTries(1)
                .credentials(AdlsCredentials.accountKey(KEY)).chunkSize(1024 * 1024);
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "parquet"})
    void export_nestedDataset_readsBackEqual(String format) throws Exception {
        List<Row> rows = ExperienceEvents.rows(1200, 6);
        try (AdlsDestination adls = destination().path("lake/exports").build()) {
            ExportResult result = DatasetExport.from(Datasets.of("events", ExperienceEvents.SCHEMA, rows)).to(adls)
                    .format(format).compression(Compression.GZIP).maxRecordsPerFile(500).parallelism(2).manifest(true).run();
            List<List<Object>> back = new ArrayList<>();
            try (DuckDbReader duck = new DuckDbReader()) {
                for (ExportedFile f : result.files()) {
                    Path local = dir.resolve(f.name());
                    try (InputStream in = adls.open(f.path())) {
                        Files.copy(in, local);
                    }
                    back.addAll(format.equals("json") ? duck.readJson(local, ExperienceEvents.SCHEMA) : duck.readParquet(local, ExperienceEvents.SCHEMA));
                }
            }
            DuckDbReader.Source source = format.equals("json") ? DuckDbReader.Source.JSON : DuckDbReader.Source.PARQUET;
            assertThat(back).hasSize(rows.size());
            List<List<Object>> expected = rows.stream().map(r -> DuckDbReader.expected(r, ExperienceEvents.SCHEMA.asStruct(), source)).toList();
            assertThat(back).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(ExportVerifier.verify(adls, result.manifestPath().orElseThrow()).problems()).isEmpty();
            assertThat(server.files().keySet()).noneMatch(p -> p.endsWith(".part"));
        }
    }

    @Test
    void fake_isStrictAboutAppendPositionsFlushesAndRenames() {
        DataLakeFileClient file = new DataLakeServiceClientBuilder().endpoint(server.endpoint())
                .credential(new StorageSharedKeyCredential("acct", KEY)).buildClient()
                .getFileSystemClient("exports").createFile("strict/f.bin");
        file.append(new ByteArrayInputStream(new byte[10]), 0, 10);
        assertThatThrownBy(() -> file.append(new ByteArrayInputStream(new byte[5]), 3, 5))
                .isInstanceOfSatisfying(DataLakeStorageException.class, e -> assertThat(e.getStatusCode()).isEqualTo(400));
        assertThatThrownBy(() -> file.flush(20, true))
                .isInstanceOfSatisfying(DataLakeStorageException.class, e -> assertThat(e.getStatusCode()).isEqualTo(400));
        file.flush(10, true);
        server.paths.put("strict/taken.bin", new FakeDfsServer.Node(false));
        assertThatThrownBy(() -> file.renameWithResponse(null, "strict/taken.bin", null,
                new DataLakeRequestConditions().setIfNoneMatch("*"), null, null))
                .isInstanceOfSatisfying(DataLakeStorageException.class, e -> assertThat(e.getStatusCode()).isEqualTo(409));
    }

    @Test
    void abort_deletesTheTemporaryFile_andCleanupRemovesStaleOnes() throws Exception {
        try (AdlsDestination adls = destination().build()) {
            try (StagedOutput out = adls.create("a/aborted.bin")) {
                out.stream().write(new byte[3 * 1024 * 1024]);
            }
            assertThat(server.files()).isEmpty();
            StagedOutput leaked = adls.create("a/crashed.bin");
            leaked.stream().write(new byte[2 * 1024 * 1024]);
            assertThat(server.files().keySet()).singleElement().asString().matches("a/\\.crashed\\.bin\\.[0-9a-f]{8}\\.part");
            assertThat(adls.list("")).isEmpty();
            assertThat(adls.cleanup(Duration.ZERO)).isEqualTo(1);
            assertThat(server.files()).isEmpty();
        }
    }

    @Test
    void missingFileSystemForbiddenAndStoppedServer_giveClearErrors() throws Exception {
        try (AdlsDestination missing = AdlsDestination.builder().account("acct").endpoint(server.endpoint()).fileSystem("nope")
                .credentials(AdlsCredentials.accountKey(KEY)).maxTries(1).build()) {
            assertThatThrownBy(missing::check).isInstanceOf(DestinationException.class)
                    .hasMessageContaining("file system \"nope\" does not exist").hasMessageNotContaining(KEY);
        }
        try (AdlsDestination adls = destination().build()) {
            server.denyAll = true;
            assertThatThrownBy(adls::check).isInstanceOfSatisfying(DestinationException.class, e -> {
                assertThat(e.isRetryable()).isFalse();
                assertThat(e.getMessage()).contains("access denied on file system \"exports\"").doesNotContain(KEY);
            });
            server.denyAll = false;
            StagedOutput out = adls.create("b/file.bin");
            out.stream().write(new byte[1024 * 1024]); // one append sent
            server.stop();
            assertThatThrownBy(() -> {
                out.stream().write(new byte[1024 * 1024]);
                out.commit();
            }).isInstanceOfSatisfying(DestinationException.class, e -> {
                assertThat(e.isRetryable()).isTrue();
                assertThat(e.path()).isEqualTo("b/file.bin");
            });
            out.close();
        }
    }

    @Test
    void servicePrincipal_getsATokenFromTheAuthorityAndUsesIt() throws Exception {
        javax.net.ssl.SSLContext tls = LoopbackTls.serverContext();
        TokenAuthority authority = new TokenAuthority(tls, "token-from-stand-in");
        Map<String, String> tokenRequest = authority.lastRequest;
        FakeDfsServer secure = new FakeDfsServer("acct", "exports", tls);
        try {
            Map<String, String> options = Map.of("tenantId", "tenant-1", "clientId", "client-1", "clientSecret", "sp-secret-do-not-print",
                    "authorityHost", authority.host(), "endpoint", secure.endpoint(), "maxTries", "1");
            try (Destination adls = Destinations.of("abfss://exports@acct.dfs.core.windows.net/sp", options)) {
                adls.check();
                assertThat(adls.toString()).contains("service principal client-1 in tenant tenant-1").doesNotContain("sp-secret-do-not-print");
            }
            assertThat(tokenRequest.get("path")).isEqualTo("/tenant-1/oauth2/v2.0/token");
            assertThat(tokenRequest).containsEntry("client_id", "client-1").containsEntry("grant_type", "client_credentials")
                    .containsEntry("client_secret", "sp-secret-do-not-print");
            assertThat(tokenRequest.get("scope")).contains("https://storage.azure.com/.default");
            assertThat(secure.lastAuthorization).isEqualTo("Bearer token-from-stand-in");
        } finally {
            secure.close();
            authority.close();
        }
    }

    @Test
    void provider_mapsTheUriAndRejectsMixedCredentials() {
        assertThat(ServiceLoader.load(DestinationProvider.class).stream().map(p -> p.type().getSimpleName()))
                .contains("AdlsDestinationProvider");
        try (Destination d = Destinations.of("abfss://exports@acct.dfs.core.windows.net/a/b", Map.of("accountKey", KEY))) {
            assertThat(d.id()).isEqualTo("adls-acct-exports-a-b");
            assertThat(d.toString()).doesNotContain(KEY);
        }
        assertThatThrownBy(() -> Destinations.of("abfss://exports@acct/x", Map.of("accountKey", KEY, "sasToken", "sig=x")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("exactly one of");
        assertThatThrownBy(() -> Destinations.of("abfss://exports@acct/x", Map.of("tenantId", "t", "clientSecret", "s")))
                .hasMessage("a service principal needs tenantId, clientId and clientSecret");
    }
}
