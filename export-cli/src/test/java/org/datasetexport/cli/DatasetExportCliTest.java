package org.datasetexport.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.datasetexport.cli.CliProcess.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.datasetexport.dest.azure.AzuriteServer;
import org.datasetexport.encryption.pgp.PgpKeys;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI as an operator uses it, in process: an H2 table exported to a folder as Parquet and read
 * back with DuckDB, the export verified (and found tampered), a dry run that writes nothing, a
 * folder of files converted, and the exit codes of every kind of refusal — with no secret echoed.
 */
class DatasetExportCliTest {
    private static final String DB = "jdbc:h2:mem:cli;DB_CLOSE_DELAY=-1";

    @TempDir
    Path dir;

    @BeforeAll
    static void table() throws Exception {
        try (Connection c = DriverManager.getConnection(DB); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS orders (id BIGINT PRIMARY KEY, customer VARCHAR(20), total DECIMAL(10,2))");
            s.execute("DELETE FROM orders");
            s.execute("INSERT INTO orders SELECT x, 'c' || MOD(x, 7), x * 0.5 FROM SYSTEM_RANGE(1, 1000)");
        }
    }

    private long files(Path root) throws Exception {
        if (!Files.exists(root)) {
            return 0;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void run_exportsATable_asJson_thenVerifies_andFindsTampering() throws Exception {
        CliProcess.Run run = cli("run", "--from", DB, "--table", "orders", "--split-column", "id", "--parallelism", "2",
                "--to", dir.toUri().toString(), "--folder", "crm", "--format", "parquet", "--compression", "zstd",
                "--manifest", "--json");
        assertThat(run.code()).as(run.err()).isZero();
        JsonNode result = new ObjectMapper().readTree(run.out());
        assertThat(result.path("records").asLong()).isEqualTo(1000);
        String manifest = result.path("manifestPath").asText();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*), SUM(total) FROM read_parquet('"
                     + dir.resolve("crm").toString().replace("'", "''") + "/**/*.zstd.parquet')")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(1000);
            assertThat(rs.getBigDecimal(2)).isEqualByComparingTo("250250.00");
        }

        CliProcess.Run ok = cli("verify", dir.toUri().toString(), manifest);
        assertThat(ok.code()).isZero();
        assertThat(ok.out()).contains("ok: 2 file(s) match");
        Files.write(dir.resolve(result.path("files").get(0).path("path").asText()), new byte[] {1, 2, 3});
        CliProcess.Run tampered = cli("verify", dir.toUri().toString(), manifest);
        assertThat(tampered.code()).isEqualTo(DatasetExportCli.PROBLEMS);
        assertThat(tampered.out()).contains("problem: wrong size");
    }

    @Test
    void dryRun_printsThePlan_andWritesNothing() throws Exception {
        CliProcess.Run preview = cli("run", "--from", DB, "--table", "orders", "--to", dir.resolve("out").toUri().toString(),
                "--manifest", "--partition-by", "identity:CUSTOMER", "--dry-run");
        assertThat(preview.code()).as(preview.err()).isZero();
        assertThat(preview.out()).contains("dry run of dataset orders", "partitioned by [identity(CUSTOMER)]",
                "destination check passed");
        assertThat(files(dir.resolve("out"))).isZero();
    }

    @Test
    void aFolderOfFiles_isConvertedToJsonLines() throws Exception {
        assertThat(cli("run", "--from", DB, "--table", "orders", "--to", dir.resolve("parquet").toUri().toString(),
                "--dataset-id", "orders").code()).isZero();
        Path parquetFolder = Files.list(dir.resolve("parquet").resolve("orders")).findFirst().orElseThrow();
        CliProcess.Run json = cli("run", "--from", parquetFolder.toString(), "--dataset-id", "orders-copy",
                "--to", dir.resolve("json").toUri().toString(), "--format", "json", "--compression", "gzip");
        assertThat(json.code()).as(json.err()).isZero();
        assertThat(json.out()).startsWith("exported 1000 record(s)");
        // read back by DuckDB, not by us
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*), COUNT(DISTINCT ID), SUM(TOTAL) FROM read_json_auto('"
                     + dir.resolve("json").toString().replace("'", "''") + "/**/part-*.json.gz')")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(1000);
            assertThat(rs.getLong(2)).isEqualTo(1000);
            assertThat(rs.getBigDecimal(3)).isEqualByComparingTo("250250.00");
        }
    }

    @Test
    void refusals_haveTheirExitCodes_andEchoNoSecret() throws Exception {
        CliProcess.Run literal = cli("check", "s3://bucket/prefix", "-o", "secretAccessKey=Sup3r/Se cret@Key+");
        assertThat(literal.code()).isEqualTo(DatasetExportCli.USAGE);
        assertThat(literal.err()).contains("option secretAccessKey is a secret", "${env:NAME}").doesNotContain("Sup3r")
                .doesNotContain("cret@Key");

        CliProcess.Run unset = cli("check", "s3://bucket/prefix", "-o", "secretAccessKey=${env:DATASETEXPORT_TEST_UNSET_VARIABLE}");
        assertThat(unset.code()).isEqualTo(DatasetExportCli.USAGE);
        assertThat(unset.err()).contains("environment variable DATASETEXPORT_TEST_UNSET_VARIABLE is not set");

        Path secretFile = Files.writeString(dir.resolve("pw"), "hunter2 file/secret@x\n");
        CliProcess.Run passwordInUrl = cli("run", "--from", DB + ";PASSWORD=hunter2", "--table", "orders", "--to", dir.toUri().toString());
        assertThat(passwordInUrl.code()).isEqualTo(DatasetExportCli.USAGE);
        assertThat(passwordInUrl.err()).contains("--password").doesNotContain("hunter2");
        CliProcess.Run literalPassword = cli("run", "--from", DB, "--table", "orders", "--user", "sa", "--password", "hunter2",
                "--to", dir.toUri().toString());
        assertThat(literalPassword.code()).isEqualTo(DatasetExportCli.USAGE);
        assertThat(literalPassword.err()).doesNotContain("hunter2");
        CliProcess.Run wrongPassword = cli("run", "--from", DB, "--table", "orders", "--user", "sa", "--password",
                "${file:" + secretFile + "}", "--to", dir.resolve("x").toUri().toString());
        // wrong credentials fail while the table's columns are read, before any row: a configuration error
        assertThat(wrongPassword.code()).isEqualTo(DatasetExportCli.USAGE);
        assertThat(wrongPassword.err()).contains("orders");
        assertThat(wrongPassword.err()).doesNotContain("hunter2").doesNotContain("file/secret@x");

        CliProcess.Run missingTo = cli("run", "--from", DB, "--table", "orders");
        assertThat(missingTo.code()).as("--to missing").isEqualTo(DatasetExportCli.USAGE);
        // one line and a hint, not the whole usage text
        assertThat(missingTo.err().lines().toList()).containsExactly("datasetexport: Missing required option: '--to=<uri>'",
                "Try 'datasetexport run --help' for more information.");
        CliProcess.Run typo = cli("run", "--from", DB, "--tabel", "orders", "--to", dir.toUri().toString());
        assertThat(typo.code()).isEqualTo(DatasetExportCli.USAGE);
        assertThat(typo.err()).contains("Unknown options: '--tabel'").contains("--table").contains("Try 'datasetexport run --help'");
        assertThat(typo.err().lines().count()).isLessThanOrEqualTo(4);
        assertThat(cli("run", "--from", DB, "--to", dir.toUri().toString()).code()).as("no table").isEqualTo(DatasetExportCli.USAGE);
        assertThat(cli("run", "--from", DB, "--table", "orders", "--to", dir.toUri().toString(), "--format", "xml").code())
                .as("unknown format").isEqualTo(DatasetExportCli.USAGE);

        Path plainFile = Files.writeString(dir.resolve("not-a-folder"), "x");
        CliProcess.Run check = cli("check", plainFile.toUri().toString());
        assertThat(check.code()).isEqualTo(DatasetExportCli.FAILED);
        assertThat(cli("check", dir.resolve("fine").toUri().toString()).code()).isZero();
    }

    /**
     * Issue 32, item 6: secrets by declaration. Options a provider declares secret are refused
     * literally whatever their name ({@code connectionString}, {@code credentialsJson}); a declared
     * path ({@code privateKeyFile}) is not taken for a secret; credentials hidden by percent-encoding
     * in the URI are refused and never echoed.
     */
    @Test
    void secretsByDeclaration_areRefusedLiterally_pathsAreNot_andEncodedUserInfoIsRefused() throws Exception {
        CliProcess.Run connectionString = cli("check", "wasbs://container@account/p", "-o",
                "connectionString=DefaultEndpointsProtocol=https;AccountName=a;AccountKey=Zm9vYmFyS2V5U2VjcmV0");
        assertThat(connectionString.code()).isEqualTo(DatasetExportCli.USAGE);
        assertThat(connectionString.err()).contains("option connectionString is a secret").doesNotContain("Zm9vYmFyS2V5U2VjcmV0");

        CliProcess.Run credentialsJson = cli("check", "gs://bucket/p", "-o",
                "credentialsJson={\"private_key\":\"-----BEGIN PRIVATE KEY-----MIIEsecret\"}");
        assertThat(credentialsJson.code()).isEqualTo(DatasetExportCli.USAGE);
        assertThat(credentialsJson.err()).contains("option credentialsJson is a secret").doesNotContain("MIIEsecret");

        CliProcess.Run keyFile = cli("check", "sftp://user@127.0.0.1:1/p", "-o", "privateKeyFile=" + dir.resolve("no-such-key"),
                "-o", "insecureAcceptAnyHostKey=true");
        assertThat(keyFile.err()).as("a path is no secret").doesNotContain("is a secret").contains("no-such-key");

        CliProcess.Run notSecret = cli("check", "s3://bucket/p", "-o", "region=${file:" + dir.resolve("region") + "}");
        assertThat(notSecret.code()).isEqualTo(DatasetExportCli.USAGE);
        assertThat(notSecret.err()).contains("option region is not a secret", "resolved only in secret options");

        for (String uri : List.of("sftp://user%3AS3cr3tInUri@127.0.0.1/p", "s3://AKIA%3AS3cr3tInUri%40bucket/p")) {
            CliProcess.Run encoded = cli("check", uri);
            assertThat(encoded.code()).as(uri).isEqualTo(DatasetExportCli.USAGE);
            assertThat(encoded.err()).contains("percent-encoded user info").doesNotContain("S3cr3tInUri");
        }
    }

    @Test
    void progress_advancesOnALargeExport_whenForcedOn() throws Exception {
        try (Connection c = DriverManager.getConnection(DB); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS big AS SELECT x AS id, 'row ' || x AS name FROM SYSTEM_RANGE(1, 200000)");
        }
        CliProcess.Run run = cli("run", "--from", DB, "--table", "big", "--to", dir.resolve("big").toUri().toString(), "--format", "json",
                "--progress", "--progress-interval", "0");
        assertThat(run.code()).as(run.err()).isZero();
        java.util.regex.Pattern line = java.util.regex.Pattern.compile("^\\s*(\\d+)% \\[[= ]{20}] ([\\d,]+)/200,000 rows  .* rows/s .*$");
        List<long[]> points = new ArrayList<>();
        for (String l : run.err().split("\\R")) {
            java.util.regex.Matcher m = line.matcher(l);
            if (m.matches()) {
                points.add(new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2).replace(",", ""))});
            }
        }
        // a line per progress event (every 10,000 rows) and the final one: rows and percent only go up
        assertThat(points.size()).as(run.err()).isGreaterThanOrEqualTo(10);
        for (int i = 1; i < points.size(); i++) {
            assertThat(points.get(i)[1]).isGreaterThanOrEqualTo(points.get(i - 1)[1]);
            assertThat(points.get(i)[0]).isGreaterThanOrEqualTo(points.get(i - 1)[0]);
        }
        assertThat(points.get(0)[1]).isLessThan(200_000);
        assertThat(points.get(points.size() - 1)).containsExactly(100, 200_000);
        assertThat(run.err().strip()).endsWith("done");

        CliProcess.Run quiet = cli("run", "--from", DB, "--table", "big", "--to", dir.resolve("big2").toUri().toString(), "--format", "json");
        assertThat(quiet.err()).as("no terminal here: no progress unless forced").doesNotContain("rows/s");
    }

    @Test
    void pgpRecipient_encryptsEveryFile_toTheKey() throws Exception {
        PgpKeys keys = PgpKeys.rsa();
        Path key = Files.writeString(dir.resolve("recipient.asc"), keys.armoredPublic);
        CliProcess.Run run = cli("run", "--from", DB, "--table", "orders", "--to", dir.resolve("enc").toUri().toString(), "--format", "json",
                "--max-records-per-file", "400", "--pgp-recipient", key.toString(), "--json");
        assertThat(run.code()).as(run.err()).isZero();
        JsonNode files = new ObjectMapper().readTree(run.out()).path("files");
        assertThat(files).hasSize(3);
        long lines = 0;
        for (JsonNode f : files) {
            assertThat(f.path("path").asText()).endsWith(".json.gpg");
            byte[] raw = Files.readAllBytes(dir.resolve("enc").resolve(f.path("path").asText()));
            assertThat(new String(raw, StandardCharsets.ISO_8859_1)).doesNotContain("\"customer\"");
            try (InputStream in = keys.decrypt(new ByteArrayInputStream(raw))) {
                lines += new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().count();
            }
        }
        assertThat(lines).isEqualTo(1000);

        Path notAKey = Files.writeString(dir.resolve("not-a-key.asc"), "hello");
        CliProcess.Run refused = cli("run", "--from", DB, "--table", "orders", "--to", dir.resolve("enc2").toUri().toString(),
                "--pgp-recipient", notAKey.toString());
        assertThat(refused.code()).isEqualTo(DatasetExportCli.USAGE);
        assertThat(refused.err()).contains("--pgp-recipient").contains("not an OpenPGP public key");
        assertThat(files(dir.resolve("enc2"))).isZero();
    }

    @Test
    void check_namesTheMissingPermission() throws Exception {
        // Azurite enforces SAS permissions: a Data Landing Zone SAS that may read, create, write and list but not delete
        AzuriteServer azurite = AzuriteServer.shared();
        String container = azurite.newContainer();
        String noDelete = azurite.sasUri(container, "rcwl");
        Path sasFile = Files.writeString(dir.resolve("no-delete.sas"), noDelete);
        CliProcess.Run check = cli("check", "dlz://" + container + "/landing", "-o", "sasUri=${file:" + sasFile + "}");
        assertThat(check.code()).as(check.out() + check.err()).isEqualTo(DatasetExportCli.FAILED);
        assertThat(check.err()).contains("delete failed").doesNotContain("sig=").doesNotContain(noDelete.substring(noDelete.indexOf('?')));
        Path fullSas = Files.writeString(dir.resolve("full.sas"), azurite.sasUri(container, "racwdl"));
        CliProcess.Run ok = cli("check", "dlz://" + container + "/landing", "-o", "sasUri=${file:" + fullSas + "}");
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out()).startsWith("ok: dlz ");
    }

    @Test
    void help_andVersion() {
        CliProcess.Run help = cli("--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("run", "check", "verify", "serve", "flows", "runs", "Exit codes: 0 success");
        assertThat(cli("run", "--help").out()).contains("--dry-run", "--partition-by", "${env:NAME}");
        assertThat(cli("--version").out()).startsWith("datasetexport ");
        // bash/zsh completion: source <(datasetexport generate-completion)
        CliProcess.Run completion = cli("generate-completion");
        assertThat(completion.code()).isZero();
        assertThat(completion.out()).contains("complete -F").contains("serve").contains("--partition-by").contains("--dry-run");
    }
}
