package org.datasetexport.format.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.datasetexport.Compression;
import org.datasetexport.ConfigurationException;
import org.datasetexport.DatasetExport;
import org.datasetexport.flows.ExportFlow;
import org.datasetexport.ExportMode;
import org.datasetexport.ExportResult;
import org.datasetexport.flows.ExportRun;
import org.datasetexport.flows.ExportScheduler;
import org.datasetexport.ExportedFile;
import org.datasetexport.flows.RunStatus;
import org.datasetexport.Schedule;
import org.datasetexport.data.DataType;
import org.datasetexport.data.Field;
import org.datasetexport.data.Row;
import org.datasetexport.data.ScanRequest;
import org.datasetexport.data.Schema;
import org.datasetexport.data.TimeWindow;
import org.datasetexport.dest.file.FileDestination;
import org.datasetexport.jdbc.JdbcDataset;
import org.datasetexport.flows.StateStore;
import org.datasetexport.testdata.DuckDbReader;
import org.datasetexport.testdata.HeapWatch;
import org.datasetexport.testdata.PostgresServer;
import org.datasetexport.testing.MutableClock;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * JdbcDataset against a real PostgreSQL (started by the test from the Debian binaries) and an
 * embedded H2: every common PostgreSQL type to JSON Lines and Parquet read back by DuckDB, a
 * million rows over key ranges in this module's 256 MiB heap, and incremental flows on the
 * database clock.
 */
class JdbcExportTest {
    private static DuckDbReader duck;

    @TempDir
    Path dir;

    @BeforeAll
    static void startDuckDb() throws Exception {
        duck = new DuckDbReader();
    }

    @AfterAll
    static void stopDuckDb() throws Exception {
        duck.close();
    }

    /** A fresh PostgreSQL schema per test on the shared server; returns its name. */
    private static String freshSchema(DataSource db) throws SQLException {
        String schema = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        sql(db, "CREATE SCHEMA " + schema);
        return schema;
    }

    private static void sql(DataSource db, String... statements) throws SQLException {
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    private static final Schema PG_SCHEMA = Schema.of(
            Field.required("id", DataType.INT), Field.optional("i2", DataType.INT), Field.optional("i8", DataType.LONG),
            Field.optional("n", DataType.decimal(12, 3)), Field.optional("r", DataType.FLOAT), Field.optional("d", DataType.DOUBLE),
            Field.optional("t", DataType.STRING), Field.optional("v", DataType.STRING), Field.optional("b", DataType.BOOLEAN),
            Field.optional("day", DataType.DATE), Field.optional("ts", DataType.TIMESTAMP), Field.optional("tstz", DataType.TIMESTAMP),
            Field.optional("bin", DataType.BINARY), Field.optional("u", DataType.STRING), Field.optional("j", DataType.STRING),
            Field.optional("ints", DataType.array(DataType.INT)), Field.optional("texts", DataType.array(DataType.STRING)),
            Field.optional("stamps", DataType.array(DataType.TIMESTAMP)), Field.optional("ip", DataType.STRING));

    @Test
    void postgresTypes_exportToJsonAndParquet_readBackEqualInDuckDb() throws Exception {
        DataSource db = PostgresServer.shared().dataSource();
        String schema = freshSchema(db);
        sql(db, "CREATE TABLE " + schema + ".everything (id int4 PRIMARY KEY, i2 int2, i8 int8, n numeric(12,3), r real, "
                + "d double precision, t text, v varchar(20), b bool, day date, ts timestamp, tstz timestamptz, bin bytea, "
                + "u uuid, j jsonb, ints int4[], texts text[], stamps timestamptz[], ip inet)");
        List<Row> expected = new ArrayList<>();
        Random random = new Random(5);
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO " + schema
                + ".everything VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?::inet)")) {
            for (int i = 0; i < 300; i++) {
                Object[] row = i == 7 ? nullRow(i) : row(i, random);
                for (int k = 0; k < row.length; k++) {
                    Object v = row[k];
                    if (v instanceof Instant instant) {
                        v = k == 10 ? LocalDateTime.ofInstant(instant, ZoneOffset.UTC) : instant.atOffset(ZoneOffset.ofHours(k % 5 - 2));
                    } else if (v instanceof UUID) {
                        v = v.toString();
                    } else if (v instanceof List<?> list) {
                        Object[] elements = list.stream().map(e -> e instanceof Instant t ? java.sql.Timestamp.from(t) : e).toArray();
                        v = c.createArrayOf(k == 15 ? "int4" : k == 16 ? "text" : "timestamptz", elements);
                    }
                    if (k == 13 && v != null) {
                        ps.setObject(k + 1, UUID.fromString((String) v));
                    } else {
                        ps.setObject(k + 1, v);
                    }
                }
                ps.executeUpdate();
                expected.add(Row.of(row));
            }
        }

        JdbcDataset dataset = JdbcDataset.builder(db).id("everything").table(schema + ".everything").build();
        assertThat(dataset.schema()).isEqualTo(PG_SCHEMA);
        assertThat(dataset.plan(new ScanRequest(TimeWindow.upTo(Instant.now()), 2))).as("split by the primary key").hasSize(2);

        for (String format : List.of("json", "parquet")) {
            Path out = dir.resolve(format);
            ExportResult result = DatasetExport.from(dataset).to(FileDestination.of(out)).format(format)
                    .compression(Compression.GZIP).parallelism(2).maxRecordsPerFile(100).run();
            assertThat(result.records()).isEqualTo(300);
            DuckDbReader.Source source = format.equals("json") ? DuckDbReader.Source.JSON : DuckDbReader.Source.PARQUET;
            List<List<Object>> back = new ArrayList<>();
            for (ExportedFile f : result.files()) {
                Path file = out.resolve(f.path());
                back.addAll(source == DuckDbReader.Source.JSON ? duck.readJson(file, PG_SCHEMA) : duck.readParquet(file, PG_SCHEMA));
            }
            back.sort(Comparator.comparing(r -> (Integer) r.get(0)));
            List<List<Object>> want = expected.stream().map(r -> DuckDbReader.expected(r, PG_SCHEMA.asStruct(), source)).toList();
            assertThat(back).as(format).isEqualTo(want);
        }
    }

    /** One row of Java values in the dataset's types (timestamps as Instants, uuid and jsonb as text). */
    private static Object[] row(int i, Random r) {
        byte[] bytes = new byte[r.nextInt(20)];
        r.nextBytes(bytes);
        Instant at = Instant.parse("2026-11-28T09:00:00Z").plus(r.nextLong(-4_000_000_000_000_000L, 4_000_000_000_000_000L) / 1000, ChronoUnit.MICROS);
        return new Object[] {i, (int) (short) r.nextInt(), r.nextLong(), BigDecimal.valueOf(r.nextLong(-999_999_999_999L, 999_999_999_999L), 3),
                r.nextFloat() * 1000 - 500, i == 3 ? -0.0 : r.nextGaussian() * 1e6, "text \"" + i + "\" ünïcødé\n✓", "v" + i, i % 2 == 0,
                LocalDate.ofEpochDay(r.nextInt(-30000, 30000)), at, at.plusSeconds(i), bytes,
                new UUID(r.nextLong(), r.nextLong()).toString(), "{\"a\": [1, 2], \"k\": \"" + i + "\"}",
                Arrays.asList(i, null, -i), List.of("x" + i, ""), Arrays.asList(at, null), "10.0." + (i / 256) + "." + (i % 256)};
    }

    private static Object[] nullRow(int i) {
        Object[] row = new Object[19];
        row[0] = i;
        return row;
    }

    @Test
    void unconstrainedNumeric_isRefusedNamingTheColumn_orExportedAsText() throws Exception {
        DataSource db = PostgresServer.shared().dataSource();
        String schema = freshSchema(db);
        sql(db, "CREATE TABLE " + schema + ".money (id int, amount numeric)", "INSERT INTO " + schema + ".money VALUES (1, 12345678901234567890.123456789012)");

        assertThatThrownBy(() -> JdbcDataset.builder(db).id("money").table(schema + ".money").build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("column \"amount\"").hasMessageContaining("numeric");

        assertThatThrownBy(() -> JdbcDataset.builder(db).id("pairs").query("SELECT 1 AS x, 2 AS x").build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("dataset \"pairs\"")
                .hasMessageContaining("\"x\" appears twice").hasMessageContaining("distinct name");
        JdbcDataset asText = JdbcDataset.builder(db).id("money").table(schema + ".money").unmappedAsString().build();
        ExportResult result = DatasetExport.from(asText).to(FileDestination.of(dir)).format("parquet").run();
        assertThat(duck.query("SELECT amount FROM read_parquet('" + dir.resolve(result.files().get(0).path()) + "')"))
                .containsExactly(List.of("12345678901234567890.123456789012"));
    }

    @Test
    void unreachableDatabase_isAClearErrorNamingTheDataset_withoutThePassword() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        org.postgresql.ds.PGSimpleDataSource db = new org.postgresql.ds.PGSimpleDataSource();
        db.setURL("jdbc:postgresql://127.0.0.1:" + closedPort + "/shop?user=reader&connectTimeout=2");
        db.setPassword("s3cret-Pa55");

        assertThatThrownBy(() -> JdbcDataset.builder(db).id("orders").table("public.orders").build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("dataset \"orders\"").hasMessageContaining("public.orders")
                .hasMessageContaining(String.valueOf(closedPort))
                .satisfies(e -> assertThat(e.toString()).doesNotContain("s3cret-Pa55"));
    }

    @Test
    void aMillionRows_withParallelismTwoOverKeyRanges_allReadBackOnce_inA256MiBHeap() throws Exception {
        assertThat(Runtime.getRuntime().maxMemory()).as("this module's tests run with -Xmx256m").isLessThanOrEqualTo(256L * 1024 * 1024);
        DataSource db = PostgresServer.shared().dataSource();
        String schema = freshSchema(db);
        int n = 1_000_000;
        sql(db, "CREATE TABLE " + schema + ".big (id bigint PRIMARY KEY, name text, amount numeric(10,2), at timestamptz)",
                "INSERT INTO " + schema + ".big SELECT g, 'name-' || g, (g % 100000) / 100.0, "
                        + "TIMESTAMPTZ '2026-01-01 00:00:00+00' + g * INTERVAL '1 second' FROM generate_series(1, " + n + ") g");
        JdbcDataset dataset = JdbcDataset.builder(db).id("big").table(schema + ".big").splitColumn("id").fetchSize(5000).build();
        assertThat(dataset.plan(new ScanRequest(TimeWindow.upTo(Instant.now()), 2))).as("two key ranges").hasSize(2);

        ExportResult result;
        try (HeapWatch heap = new HeapWatch()) {
            result = DatasetExport.from(dataset).to(FileDestination.of(dir)).format("parquet").compression(Compression.SNAPPY)
                    .parallelism(2).run();
            System.out.printf("JdbcExportTest: %,d rows from PostgreSQL, %,d bytes in %d files, %s (%,.0f rows/s), %s%n",
                    result.records(), result.bytes(), result.files().size(), result.duration(),
                    result.records() / (result.duration().toNanos() / 1e9), heap);
            // streamed reads keep the live heap far below the limit (reading each range whole would need ~250 MB)
            assertThat(heap.peakAfterGc()).as("live heap after GC").isLessThan(128L * 1024 * 1024);
        }

        assertThat(result.records()).isEqualTo(n);
        assertThat(duck.query("SELECT count(*), count(DISTINCT id), min(id), max(id), sum(id) FROM read_parquet('" + dir + "/big/*/*.parquet')"))
                .containsExactly(List.of(String.valueOf(n), String.valueOf(n), "1", String.valueOf(n), String.valueOf((long) n * (n + 1) / 2)));
        assertThat(duck.query("SELECT name, amount, \"at\" FROM read_parquet('" + dir + "/big/*/*.parquet') WHERE id = 123456"))
                .containsExactly(List.of("name-123456", "234.56", "2026-01-02T10:17:36Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void incrementalFlow_onTheDatabaseClock_exportsEveryInsertAndUpdateOnce(String database) throws Exception {
        DataSource db;
        String table;
        String now;
        if (database.equals("postgresql")) {
            db = PostgresServer.shared().dataSource();
            table = freshSchema(db) + ".orders";
            now = "clock_timestamp()";
        } else {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
            db = h2;
            table = "orders";
            now = "CURRENT_TIMESTAMP";
        }
        sql(db, "CREATE TABLE " + table + " (id int PRIMARY KEY, version int NOT NULL, updated_at timestamp with time zone NOT NULL)");
        JdbcDataset orders = JdbcDataset.builder(db).id("orders").table(table).splitColumn("id").ingestionColumn("updated_at").build();
        Instant t0 = Instant.parse("2026-11-28T00:00:00Z");
        MutableClock clock = MutableClock.at(t0);
        Set<String> changes = new HashSet<>(); // id@version of every insert and update
        int nextId = 0;
        try (ExportScheduler scheduler = ExportScheduler.builder().clock(clock).stateStore(StateStore.inMemory())
                .withoutBackgroundPolling().build()) {
            ExportFlow flow = DatasetExport.from(orders).to(FileDestination.of(dir)).format("parquet").parallelism(2)
                    .schedule(Schedule.everyHours(1).startingAt(t0)).mode(ExportMode.FIRST_FULL_THEN_INCREMENTAL)
                    .flowId("orders-flow").start(scheduler);
            List<String> exported = new ArrayList<>();
            int[][] plan = {{100, 0}, {20, 10}, {5, 5}, {0, 0}, {3, 30}}; // rows inserted, rows updated before each run
            for (int k = 0; k < plan.length; k++) {
                Set<Integer> touched = new HashSet<>();
                for (int i = 0; i < plan[k][0]; i++, nextId++) {
                    sql(db, "INSERT INTO " + table + " VALUES (" + nextId + ", 0, " + now + ")");
                    changes.add(nextId + "@0");
                    touched.add(nextId);
                }
                for (int i = 0; i < plan[k][1]; i++) {
                    int id = (i * 7 + k) % nextId;
                    sql(db, "UPDATE " + table + " SET version = version + 1, updated_at = " + now + " WHERE id = " + id);
                    changes.add(id + "@" + version(db, table, id));
                    touched.add(id);
                }
                Set<String> expectedThisRun = new HashSet<>();
                for (int id : touched) {
                    expectedThisRun.add(id + "@" + version(db, table, id));
                }
                Set<Path> before = parquetFiles();
                clock.set(t0.plus(Duration.ofHours(k)).plusSeconds(1));
                List<ExportRun> runs = scheduler.runDue();
                assertThat(runs).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED));
                List<String> thisRun = new ArrayList<>();
                for (Path f : parquetFiles()) {
                    if (!before.contains(f)) {
                        duck.query("SELECT id || '@' || version FROM read_parquet('" + f + "')").forEach(r -> thisRun.add(r.get(0)));
                    }
                }
                assertThat((long) thisRun.size()).as("run %d", k).isEqualTo(runs.get(0).records());
                assertThat(thisRun).as("run %d exports exactly the rows inserted or updated since the previous run", k)
                        .containsExactlyInAnyOrderElementsOf(expectedThisRun);
                exported.addAll(thisRun);
            }
            assertThat(exported).as("no change exported twice").doesNotHaveDuplicates();
            assertThat(new HashSet<>(exported)).as("the final version of every row was exported")
                    .containsAll(finalVersions(db, table));
            assertThat(changes).as("every exported change really happened").containsAll(exported);
            assertThat(flow.runs().get(0).window().from()).as("windows are on the database clock").isPresent();
        }
    }

    private static int version(DataSource db, String table, int id) throws SQLException {
        try (Connection c = db.getConnection(); Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT version FROM " + table + " WHERE id = " + id)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static List<String> finalVersions(DataSource db, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.getConnection(); Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT id, version FROM " + table)) {
            while (rs.next()) {
                out.add(rs.getInt(1) + "@" + rs.getInt(2));
            }
        }
        return out;
    }

    private Set<Path> parquetFiles() throws Exception {
        try (Stream<Path> walk = Files.walk(dir)) {
            return new HashSet<>(walk.filter(p -> p.toString().endsWith(".parquet")).toList());
        }
    }
}
