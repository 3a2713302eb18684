package org.datasetexport.encryption.pgp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.datasetexport.Compression;
import org.datasetexport.ConfigurationException;
import org.datasetexport.DatasetExport;
import org.datasetexport.Encryption;
import org.datasetexport.ExportResult;
import org.datasetexport.ExportVerifier;
import org.datasetexport.ExportedFile;
import org.datasetexport.data.Datasets;
import org.datasetexport.data.Row;
import org.datasetexport.dest.file.FileDestination;
import org.datasetexport.testdata.DuckDbReader;
import org.datasetexport.testdata.ExperienceEvents;
import org.datasetexport.testing.MemoryDestination;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PgpEncryptionTest {
    private static PgpKeys rsa;
    private static PgpKeys ecc;

    @TempDir
    Path dir;

    @BeforeAll
    static void keys() throws Exception {
        rsa = PgpKeys.rsa();
        ecc = PgpKeys.ecc();
    }

    private List<List<Object>> exportDecryptAndRead(PgpKeys keys, String format, Compression compression, List<Row> rows)
            throws Exception {
        FileDestination destination = FileDestination.of(dir.resolve("out"));
        ExportResult result = DatasetExport.from(Datasets.of("events", ExperienceEvents.SCHEMA, rows)).to(destination)
                .format(format).compression(compression).encryption(Encryption.openPgp(keys.armoredPublic))
                .maxRecordsPerFile(400).manifest(true).run();

        assertThat(result.files()).allSatisfy(f -> assertThat(f.path()).endsWith(".gpg"));
        assertThat(ExportVerifier.verify(destination, result.manifestPath().orElseThrow()).problems()).isEmpty();
        JsonNode manifest = new ObjectMapper().readTree(dir.resolve("out").resolve(result.manifestPath().orElseThrow()).toFile());
        assertThat(manifest.get("encrypted").asBoolean()).isTrue();
        assertThat(manifest.get("encryption").get("scheme").asText()).isEqualTo("openpgp");
        assertThat(manifest.toString()).doesNotContain("PGP PUBLIC KEY").doesNotContain(keys.armoredPublic.substring(40, 80));

        List<List<Object>> back = new ArrayList<>();
        try (DuckDbReader duck = new DuckDbReader()) {
            int n = 0;
            for (ExportedFile f : result.files()) {
                byte[] raw = Files.readAllBytes(dir.resolve("out").resolve(f.path()));
                assertThat(new String(raw, 0, Math.min(raw.length, 200), java.nio.charset.StandardCharsets.ISO_8859_1))
                        .doesNotContain("evt-"); // really encrypted
                Path clear = dir.resolve("clear-" + (n++) + (format.equals("json") ? ".json" : ".parquet"));
                try (InputStream in = keys.decrypt(new java.io.ByteArrayInputStream(raw))) {
                    InputStream body = compression == Compression.GZIP && format.equals("json") ? new GZIPInputStream(in) : in;
                    Files.copy(body, clear);
                }
                back.addAll(format.equals("json") ? duck.readJson(clear, ExperienceEvents.SCHEMA) : duck.readParquet(clear, ExperienceEvents.SCHEMA));
            }
        }
        return back;
    }

    private static void assertSameRows(List<Row> rows, List<List<Object>> back, DuckDbReader.Source source) {
        assertThat(back).hasSize(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            assertThat(back.get(i)).as("row %d", i).isEqualTo(DuckDbReader.expected(rows.get(i), ExperienceEvents.SCHEMA.asStruct(), source));
        }
    }

    @Test
    void rsaKey_gzipJson_roundTripsThroughDecryptionAndDuckDb() throws Exception {
        List<Row> rows = ExperienceEvents.rows(1000, 5);
        assertSameRows(rows, exportDecryptAndRead(rsa, "json", Compression.GZIP, rows), DuckDbReader.Source.JSON);
    }

    @Test
    void eccKey_zstdParquet_roundTripsThroughDecryptionAndDuckDb() throws Exception {
        List<Row> rows = ExperienceEvents.rows(1000, 6);
        assertSameRows(rows, exportDecryptAndRead(ecc, "parquet", Compression.ZSTD, rows), DuckDbReader.Source.PARQUET);
    }

    @Test
    void rsaKey_parquetAndEccKey_json_roundTrip() throws Exception {
        List<Row> rows = ExperienceEvents.rows(500, 7);
        assertSameRows(rows, exportDecryptAndRead(rsa, "parquet", Compression.SNAPPY, rows), DuckDbReader.Source.PARQUET);
        Files.walk(dir).sorted(java.util.Comparator.reverseOrder()).filter(p -> !p.equals(dir)).forEach(p -> p.toFile().delete());
        assertSameRows(rows, exportDecryptAndRead(ecc, "json", Compression.NONE, rows), DuckDbReader.Source.JSON);
    }

    @Test
    void badKeys_failBeforeAnyDataIsRead() throws Exception {
        assertThatThrownBy(() -> Encryption.openPgp("not a key at all"))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("not an OpenPGP public key");
        assertThatThrownBy(() -> Encryption.openPgp(rsa.armoredSecret))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("a private OpenPGP key was given")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("PRIVATE KEY BLOCK-----\n"));
        assertThatThrownBy(() -> Encryption.openPgp(PgpKeys.signingOnly().armoredPublic))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("cannot encrypt (a signing-only key)");
        assertThatThrownBy(() -> Encryption.openPgp(PgpKeys.expired().armoredPublic))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("expired on");

        MemoryDestination memory = MemoryDestination.create();
        Iterable<Row> untouchable = () -> {
            throw new AssertionError("no row may be read when the key is bad");
        };
        assertThatThrownBy(() -> DatasetExport.from(Datasets.of("x", ExperienceEvents.SCHEMA, untouchable)).to(memory)
                .format("json").encryption(Encryption.openPgp("garbage")).run()).isInstanceOf(ConfigurationException.class);
        assertThat(memory.commitLog()).isEmpty();
    }

    @Test
    void encryption_toStringShowsTheKeyIdOnly() {
        Encryption e = Encryption.openPgp(rsa.armoredPublic);
        assertThat(e.toString()).matches("PgpEncryption\\[recipient key [0-9A-F]{16}, RSA]");
        assertThat(e.keyId()).hasSize(16);
        assertThat(Encryption.openPgp(ecc.armoredPublic).toString()).contains("ECDH");
    }
}
