package org.datasetexport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar as operators get it ({@code java -jar target/datasetexport-cli-<version>.jar}, run
 * by failsafe after {@code package}): an export with every service file merged (Parquet, CSV), the
 * verification, and the S3 and SFTP destinations' classes linking inside the jar (a check against
 * a closed loopback port fails cleanly, exit 1, with no secret in the output).
 */
class ShadedJarIT {
    private static final String DB = "jdbc:h2:mem:it;INIT=CREATE TABLE T AS SELECT X AS ID, 'n' || X AS NAME FROM SYSTEM_RANGE(1, 3000)";

    @TempDir
    Path dir;

    private CliProcess.Run cli(Map<String, String> env, String... args) throws Exception {
        return CliProcess.run(dir, env, args);
    }

    @Test
    void exportsVerifiesAndLinksItsDestinations() throws Exception {
        Path out = dir.resolve("out");
        CliProcess.Run run = cli(Map.of(), "run", "--from", DB, "--table", "T", "--to", out.toUri().toString(), "--format", "parquet",
                "--compression", "zstd", "--manifest", "--json");
        assertThat(run.code()).as(run.err()).isZero();
        JsonNode result = new ObjectMapper().readTree(run.out());
        assertThat(result.path("records").asLong()).isEqualTo(3000);
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*), SUM(ID) FROM read_parquet('"
                     + out.toString().replace("'", "''") + "/**/*.zstd.parquet')")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(3000);
            assertThat(rs.getLong(2)).isEqualTo(3000L * 3001 / 2);
        }
        CliProcess.Run verify = cli(Map.of(), "verify", out.toUri().toString(), result.path("manifestPath").asText());
        assertThat(verify.code()).as(verify.err()).isZero();

        CliProcess.Run csv = cli(Map.of(), "run", "--from", DB, "--table", "T", "--to", dir.resolve("csv").toUri().toString(), "--format", "csv");
        assertThat(csv.code()).as(csv.err()).isZero();

        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        String secret = "it secret/with@awkward+chars=";
        CliProcess.Run s3 = cli(Map.of("IT_KEY_ID", "AKIAITKEY", "IT_SECRET", secret), "check", "s3://bucket/prefix",
                "-o", "region=us-east-1", "-o", "endpoint=http://127.0.0.1:" + closed, "-o", "pathStyle=true",
                "-o", "maxAttempts=1", "-o", "accessKeyId=${env:IT_KEY_ID}", "-o", "secretAccessKey=${env:IT_SECRET}");
        assertThat(s3.code()).as(s3.err()).isEqualTo(DatasetExportCli.FAILED);
        assertThat(s3.err()).contains("datasetexport:").doesNotContain(secret).doesNotContain("NoClassDefFoundError", "NoSuchMethodError");
        CliProcess.Run sftp = cli(Map.of("IT_PASSWORD", secret), "check", "sftp://user@127.0.0.1:" + closed + "/upload",
                "-o", "password=${env:IT_PASSWORD}");
        assertThat(sftp.code()).as(sftp.out() + sftp.err()).isIn(DatasetExportCli.FAILED, DatasetExportCli.USAGE);
        assertThat(sftp.err()).doesNotContain(secret).doesNotContain("NoClassDefFoundError", "NoSuchMethodError");
    }

    @Test
    void driverPath_loadsADriverThatIsNotInTheJar() throws Exception {
        // DuckDB's JDBC driver is not in the CLI jar: the test's copy of it stands for an operator's driver jar
        Path driverJar = Path.of(org.duckdb.DuckDBDriver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path db = dir.resolve("source.duckdb");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE sales AS SELECT range AS id, 'item-' || range AS item FROM range(0, 2500)");
        }
        String url = "jdbc:duckdb:" + db;
        CliProcess.Run without = cli(Map.of(), "run", "--from", url, "--table", "sales", "--to", dir.resolve("no").toUri().toString());
        assertThat(without.code()).as("no driver in the jar for jdbc:duckdb").isNotZero();
        assertThat(without.code()).isIn(DatasetExportCli.FAILED, DatasetExportCli.USAGE);

        Path out = dir.resolve("duck-out");
        CliProcess.Run with = cli(Map.of(), "run", "--from", url, "--driver-path", driverJar.toString(), "--table", "sales",
                "--to", out.toUri().toString(), "--format", "parquet", "--json");
        assertThat(with.code()).as(with.err()).isZero();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*), COUNT(DISTINCT id), MAX(item) FROM read_parquet('"
                     + out.toString().replace("'", "''") + "/**/*.parquet')")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(2500);
            assertThat(rs.getLong(2)).isEqualTo(2500);
            assertThat(rs.getString(3)).isEqualTo("item-999");
        }

        CliProcess.Run notADriver = cli(Map.of(), "run", "--from", "jdbc:nosuchdb://x", "--driver-path", driverJar.toString(),
                "--table", "t", "--to", dir.resolve("no2").toUri().toString());
        assertThat(notADriver.code()).isEqualTo(DatasetExportCli.USAGE);
        assertThat(notADriver.err()).contains("--driver-path: no driver in").contains("org.duckdb.DuckDBDriver");
    }
}
