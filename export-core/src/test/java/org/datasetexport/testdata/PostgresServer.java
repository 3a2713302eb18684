package org.datasetexport.testdata;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A throwaway PostgreSQL server on loopback for tests, from the Debian package's binaries
 * ({@code .ci/run} installs {@code postgresql}): initdb into a temp folder, start on a free port,
 * stop and delete at close. As root it runs the server as the {@code postgres} user. With
 * {@code DATASETEXPORT_PG_URL} set, that server is used instead. Without binaries the calling
 * test fails in CI and is skipped, with the reason, elsewhere.
 */
public final class PostgresServer implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final String url;
    private final List<String> runAs;

    private PostgresServer(Path dir, int port, String url, List<String> runAs) {
        this.dir = dir;
        this.port = port;
        this.url = url;
        this.runAs = runAs;
    }

    private static PostgresServer shared;

    /**
     * One server for all the test classes of a test JVM (initdb and start cost seconds): started on
     * first use, stopped and deleted when the JVM exits. Tests get a clean state with
     * {@link #dataSourceWithoutStateTables()}.
     *
     * @return the started shared server, or the test is skipped (outside CI) when none can be started
     */
    public static synchronized PostgresServer shared() throws Exception {
        if (shared == null) {
            PostgresServer server = start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (Exception e) {
                    System.err.println("could not stop " + server + ": " + e);
                }
            }, "postgres-test-server-stop"));
            shared = server;
        }
        return shared;
    }

    /** @return a started server, or the test is skipped (outside CI) when none can be started */
    public static PostgresServer start() throws Exception {
        String external = System.getenv("DATASETEXPORT_PG_URL");
        if (external != null && !external.isBlank()) {
            return new PostgresServer(null, -1, external, List.of());
        }
        Optional<Path> bin = findBin();
        if (bin.isEmpty()) {
            String why = "no PostgreSQL server binaries under /usr/lib/postgresql/*/bin (Debian package postgresql)";
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(why + "; .ci/run installs it");
            }
            Assumptions.abort(why + ": PostgreSQL tests skipped");
        }
        boolean root = "0".equals(run(List.of("id", "-u"), null).trim());
        List<String> runAs = root ? List.of("runuser", "-u", "postgres", "--") : List.of();
        Path dir = Files.createTempDirectory("datasetexport-pg");
        if (root) {
            run(List.of("chown", "postgres", dir.toString()), null);
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path data = dir.resolve("data");
        run(concat(runAs, bin.get().resolve("initdb").toString(), "-D", data.toString(), "-A", "trust", "-U", "postgres",
                "-E", "UTF8", "--no-sync"), null);
        run(concat(runAs, bin.get().resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("log").toString(),
                "-w", "-t", "60", "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start"), null);
        return new PostgresServer(dir, port, "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres", runAs);
    }

    private static List<String> concat(List<String> prefix, String... rest) {
        List<String> all = new ArrayList<>(prefix);
        all.addAll(List.of(rest));
        return all;
    }

    private static Optional<Path> findBin() throws IOException {
        Path base = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(base)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(base)) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.naturalOrder());
        }
    }

    private static String run(List<String> command, Path cwd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.directory(cwd == null ? Path.of("/tmp").toFile() : cwd.toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("command failed: " + command + "\n" + out);
        }
        return out;
    }

    /** @return the JDBC URL of the server's {@code postgres} database (user {@code postgres}, no password) */
    public String url() {
        return url;
    }

    /** @return a data source on the server's {@code postgres} database */
    public DataSource dataSource() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url);
        return ds;
    }

    /**
     * @return a data source on a database without the JDBC state store's tables (dropped if a
     *         previous test made them)
     */
    public DataSource dataSourceWithoutStateTables() throws java.sql.SQLException {
        DataSource ds = dataSource();
        try (java.sql.Connection c = ds.getConnection(); java.sql.Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS datasetexport_run");
            st.execute("DROP TABLE IF EXISTS datasetexport_flow");
            st.execute("DROP TABLE IF EXISTS datasetexport_schema");
        }
        return ds;
    }

    @Override
    public void close() throws Exception {
        if (dir == null) {
            return;
        }
        Optional<Path> bin = findBin();
        if (bin.isPresent()) {
            run(concat(runAs, bin.get().resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate",
                    "-w", "stop"), null);
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    @Override
    public String toString() {
        return "PostgresServer[port " + port + "]";
    }
}
