package org.datasetexport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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

    private record Run(int code, String out, String err) {
    }

    private static Path jar() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("datasetexport-cli-.*\\.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("no target/datasetexport-cli-*.jar: run through mvn verify"));
        }
    }

    private Run cli(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-jar",
                jar().toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        File out = dir.resolve("stdout-" + System.nanoTime()).toFile();
        File err = dir.resolve("stderr-" + System.nanoTime()).toFile();
        pb.redirectOutput(out).redirectError(err);
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("finished").isTrue();
        return new Run(p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
                Files.readString(err.toPath(), StandardCharsets.UTF_8));
    }

    @Test
    void exportsVerifiesAndLinksItsDestinations() throws Exception {
        Path out = dir.resolve("out");
        Run run = cli(Map.of(), "run", "--from", DB, "--table", "T", "--to", out.toUri().toString(), "--format", "parquet",
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
        Run verify = cli(Map.of(), "verify", out.toUri().toString(), result.path("manifestPath").asText());
        assertThat(verify.code()).as(verify.err()).isZero();

        Run csv = cli(Map.of(), "run", "--from", DB, "--table", "T", "--to", dir.resolve("csv").toUri().toString(), "--format", "csv");
        assertThat(csv.code()).as(csv.err()).isZero();

        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        String secret = "it secret/with@awkward+chars=";
        Run s3 = cli(Map.of("IT_KEY_ID", "AKIAITKEY", "IT_SECRET", secret), "check", "s3://bucket/prefix",
                "-o", "region=us-east-1", "-o", "endpoint=http://127.0.0.1:" + closed, "-o", "pathStyle=true",
                "-o", "maxAttempts=1", "-o", "accessKeyId=${env:IT_KEY_ID}", "-o", "secretAccessKey=${env:IT_SECRET}");
        assertThat(s3.code()).as(s3.err()).isEqualTo(DatasetExportCli.FAILED);
        assertThat(s3.err()).contains("datasetexport:").doesNotContain(secret).doesNotContain("NoClassDefFoundError", "NoSuchMethodError");
        Run sftp = cli(Map.of("IT_PASSWORD", secret), "check", "sftp://user@127.0.0.1:" + closed + "/upload",
                "-o", "password=${env:IT_PASSWORD}");
        assertThat(sftp.code()).as(sftp.out() + sftp.err()).isIn(DatasetExportCli.FAILED, DatasetExportCli.USAGE);
        assertThat(sftp.err()).doesNotContain(secret).doesNotContain("NoClassDefFoundError", "NoSuchMethodError");
    }
}
