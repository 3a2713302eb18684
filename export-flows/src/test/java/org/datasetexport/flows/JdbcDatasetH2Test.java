package org.datasetexport.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.datasetexport.jdbc.JdbcDataset;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.datasetexport.ConfigurationException;
import org.datasetexport.DatasetExport;
import org.datasetexport.flows.ExportFlow;
import org.datasetexport.ExportMode;
import org.datasetexport.ExportResult;
import org.datasetexport.flows.ExportRun;
import org.datasetexport.flows.ExportScheduler;
import org.datasetexport.flows.RunStatus;
import org.datasetexport.Schedule;
import org.datasetexport.flows.StateStore;
import org.datasetexport.TextLinesFormat;
import org.datasetexport.data.DataType;
import org.datasetexport.data.Field;
import org.datasetexport.data.Row;
import org.datasetexport.data.RowReader;
import org.datasetexport.data.ScanRequest;
import org.datasetexport.data.Schema;
import org.datasetexport.data.Split;
import org.datasetexport.data.TimeWindow;
import org.datasetexport.testing.MemoryDestination;
import org.datasetexport.testing.MutableClock;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** JdbcDataset on an embedded H2: the type mapping, key-range splits that cover every row once, and bad settings. */
class JdbcDatasetH2Test {
    private JdbcDataSource db;

    @BeforeEach
    void database() {
        db = new JdbcDataSource();
        db.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    }

    private void sql(String... statements) throws SQLException {
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    @Test
    void schemaAndValues_followTheDocumentedMapping() throws Exception {
        sql("CREATE TABLE t (id BIGINT PRIMARY KEY, flag BOOLEAN, tiny TINYINT, small SMALLINT, num INTEGER NOT NULL, "
                + "r REAL, d DOUBLE PRECISION, amount NUMERIC(12,2), name VARCHAR(40), code CHAR(3), born DATE, "
                + "at TIMESTAMP, atz TIMESTAMP WITH TIME ZONE, bytes VARBINARY(16), u UUID, j JSON, "
                + "ints INTEGER ARRAY, tags VARCHAR(10) ARRAY)");
        UUID u = UUID.fromString("0b5d1c9e-6f0a-4f5e-9f6e-3f1d2c3b4a59");
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO t VALUES (1, TRUE, 7, -300, 42, 1.5, -2.25, 12345.67, 'Zoë \"q\"', 'abc', DATE '1969-12-31', "
                        + "TIMESTAMP '2026-11-28 10:15:30.123456', TIMESTAMP WITH TIME ZONE '2026-11-28 10:15:30.5+02:00', "
                        + "X'00ff10', ?, JSON '{\"a\":[1,2]}', ARRAY[1, NULL, 3], ARRAY['x','y'])")) {
            ps.setObject(1, u);
            ps.executeUpdate();
        }
        sql("INSERT INTO t (id, num) VALUES (2, 0)");

        JdbcDataset dataset = JdbcDataset.builder(db).id("t").table("t").build();

        assertThat(dataset.schema()).isEqualTo(Schema.of(
                Field.required("ID", DataType.LONG), Field.optional("FLAG", DataType.BOOLEAN), Field.optional("TINY", DataType.INT),
                Field.optional("SMALL", DataType.INT), Field.required("NUM", DataType.INT), Field.optional("R", DataType.FLOAT),
                Field.optional("D", DataType.DOUBLE), Field.optional("AMOUNT", DataType.decimal(12, 2)),
                Field.optional("NAME", DataType.STRING), Field.optional("CODE", DataType.STRING), Field.optional("BORN", DataType.DATE),
                Field.optional("AT", DataType.TIMESTAMP), Field.optional("ATZ", DataType.TIMESTAMP), Field.optional("BYTES", DataType.BINARY),
                Field.optional("U", DataType.STRING), Field.optional("J", DataType.STRING),
                Field.optional("INTS", DataType.array(DataType.INT)), Field.optional("TAGS", DataType.array(DataType.STRING))));
        List<Row> rows = readAll(dataset, new ScanRequest(TimeWindow.upTo(Instant.now()), 1));
        rows.sort((a, b) -> Long.compare((Long) a.get(0), (Long) b.get(0)));
        Row first = rows.get(0);
        assertThat(first.get(1)).isEqualTo(true);
        assertThat(first.get(2)).isEqualTo(7);
        assertThat(first.get(3)).isEqualTo(-300);
        assertThat(first.get(5)).isEqualTo(1.5f);
        assertThat(first.get(6)).isEqualTo(-2.25);
        assertThat(first.get(7)).isEqualTo(new BigDecimal("12345.67"));
        assertThat(first.get(8)).isEqualTo("Zoë \"q\"");
        assertThat(first.get(9)).isEqualTo("abc");
        assertThat(first.get(10)).isEqualTo(LocalDate.of(1969, 12, 31));
        assertThat(first.get(11)).as("a timestamp without zone is read as UTC").isEqualTo(Instant.parse("2026-11-28T10:15:30.123456Z"));
        assertThat(first.get(12)).isEqualTo(Instant.parse("2026-11-28T08:15:30.500Z"));
        assertThat((byte[]) first.get(13)).containsExactly(0, 0xff, 0x10);
        assertThat(first.get(14)).isEqualTo(u.toString());
        assertThat(first.get(15)).isEqualTo("{\"a\":[1,2]}");
        assertThat(first.get(16)).isEqualTo(java.util.Arrays.asList(1, null, 3));
        assertThat(first.get(17)).isEqualTo(List.of("x", "y"));
        Row second = rows.get(1);
        for (int i = 1; i < second.size(); i++) {
            if (i != 4) {
                assertThat(second.get(i)).as("column %d of a row of NULLs", i).isNull();
            }
        }
    }

    @Test
    void unmappableColumn_isAConfigurationErrorNamingIt_orTextWhenAsked() throws Exception {
        sql("CREATE TABLE t (id INT, span INTERVAL DAY TO SECOND)", "INSERT INTO t VALUES (1, INTERVAL '1 02:03:04' DAY TO SECOND)");

        assertThatThrownBy(() -> JdbcDataset.builder(db).id("t").table("t").build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("column \"SPAN\"")
                .hasMessageContaining("unmappedAsString()");

        JdbcDataset asText = JdbcDataset.builder(db).id("t").table("t").unmappedAsString().build();
        assertThat(asText.schema().fields().get(1).type()).isEqualTo(DataType.STRING);
        assertThat(readAll(asText, new ScanRequest(TimeWindow.upTo(Instant.now()), 1)).get(0).get(1)).asString().contains("02:03:04");
    }

    @Test
    void aDriverRefusingTheReadOnlyHint_stillReads() throws Exception {
        sql("CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(10))", "INSERT INTO t VALUES (1, 'a'), (2, 'b')");
        // DuckDB's driver throws "Can't change read-only status on connection level": a hint must not fail the export
        javax.sql.DataSource refusing = (javax.sql.DataSource) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {javax.sql.DataSource.class}, (proxy, method, args) -> {
                    Object result = method.invoke(db, args);
                    if (!(result instanceof Connection c)) {
                        return result;
                    }
                    return java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                            (p2, m2, a2) -> {
                                if (m2.getName().equals("setReadOnly")) {
                                    throw new SQLException("Can't change read-only status on connection level.");
                                }
                                try {
                                    return m2.invoke(c, a2);
                                } catch (java.lang.reflect.InvocationTargetException e) {
                                    throw e.getCause();
                                }
                            });
                });
        JdbcDataset dataset = JdbcDataset.builder(refusing).id("t").table("t").build();
        assertThat(readAll(dataset, new ScanRequest(TimeWindow.upTo(Instant.now()), 1))).hasSize(2);
    }

    @Test
    void badSettings_areRefusedWithTheReason() throws Exception {
        sql("CREATE TABLE t (id INT, name VARCHAR(10), at TIMESTAMP)");

        assertThatThrownBy(() -> JdbcDataset.builder(db).id("t").table("missing").build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("dataset \"t\"").hasMessageContaining("missing");
        assertThatThrownBy(() -> JdbcDataset.builder(db).id("t").table("t; DROP TABLE t").build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("not a plain");
        assertThatThrownBy(() -> JdbcDataset.builder(db).id("t").table("t").splitColumn("nope").build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("splitColumn \"nope\" is not a column");
        assertThatThrownBy(() -> JdbcDataset.builder(db).id("t").table("t").splitColumn("name").build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("integer, decimal, date or timestamp");
        assertThatThrownBy(() -> JdbcDataset.builder(db).id("t").table("t").ingestionColumn("id").build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("must be a timestamp column");
        assertThatThrownBy(() -> JdbcDataset.builder(db).id("t").build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("exactly one of table(...) or query(...)");
        assertThatThrownBy(() -> JdbcDataset.builder(db).id("../t").table("t").build()).isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> JdbcDataset.builder(db).id("q").query("SELECT a.id, b.id FROM t a JOIN t b ON a.id = b.id").build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("dataset \"q\"")
                .hasMessageContaining("\"ID\""); // H2 refuses the duplicate itself; PostgreSQL's case is in JdbcExportTest
    }

    @Test
    void integerKeyRanges_coverEveryRowOnce_includingNullKeysAndKeysAddedAfterPlanning() throws Exception {
        sql("CREATE TABLE t (id BIGINT, v INT)",
                "INSERT INTO t SELECT X * 3, X FROM SYSTEM_RANGE(1, 10007)",
                "INSERT INTO t VALUES (NULL, -1), (NULL, -2)");
        JdbcDataset dataset = JdbcDataset.builder(db).id("t").table("t").splitColumn("id").fetchSize(100).build();

        List<? extends Split> splits = dataset.plan(new ScanRequest(TimeWindow.upTo(Instant.now()), 4));
        sql("INSERT INTO t VALUES (1000000, 99999)"); // beyond the planned maximum
        Map<Integer, Integer> seen = new HashMap<>();
        for (Split split : splits) {
            try (RowReader reader = dataset.read(split)) {
                reader.forEachRemaining(r -> seen.merge((Integer) r.get(1), 1, Integer::sum));
            }
        }

        assertThat(splits).hasSize(4);
        assertThat(seen).hasSize(10007 + 2 + 1);
        assertThat(seen.values()).containsOnly(1);
    }

    @Test
    void decimalDateAndTimestampKeys_splitWithoutLosingRows() throws Exception {
        sql("CREATE TABLE t (k NUMERIC(10,3), d DATE, at TIMESTAMP WITH TIME ZONE, v INT)",
                "INSERT INTO t SELECT X / 7.0, DATEADD(DAY, X / 100, DATE '2026-01-01'), "
                        + "DATEADD(MICROSECOND, X * 137, TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00'), X FROM SYSTEM_RANGE(1, 5000)");
        for (String key : List.of("k", "d", "at")) {
            JdbcDataset dataset = JdbcDataset.builder(db).id("t").table("t").splitColumn(key).build();
            List<? extends Split> splits = dataset.plan(new ScanRequest(TimeWindow.upTo(Instant.now()), 3));
            List<Integer> values = new ArrayList<>();
            for (Split split : splits) {
                try (RowReader reader = dataset.read(split)) {
                    reader.forEachRemaining(r -> values.add((Integer) r.get(3)));
                }
            }
            assertThat(splits).as(key).hasSize(3);
            assertThat(values).as(key).hasSize(5000).doesNotHaveDuplicates();
        }
    }

    @Test
    void withoutSplitColumn_aSingleColumnNumericPrimaryKeySplitsTheTable() throws Exception {
        sql("CREATE TABLE t (id BIGINT PRIMARY KEY, v INT)", "INSERT INTO t SELECT X, X FROM SYSTEM_RANGE(1, 1000)",
                "CREATE TABLE two (a INT, b INT, PRIMARY KEY (a, b))", "INSERT INTO two VALUES (1, 1), (2, 2)",
                "CREATE TABLE named (code VARCHAR(5) PRIMARY KEY)", "INSERT INTO named VALUES ('a'), ('b')",
                "CREATE TABLE \"Mixed\" (\"Key\" INT PRIMARY KEY)", "INSERT INTO \"Mixed\" SELECT X FROM SYSTEM_RANGE(1, 100)");
        ScanRequest four = new ScanRequest(TimeWindow.upTo(Instant.now()), 4);

        for (String table : List.of("t", "public.t", "PUBLIC.T")) {
            JdbcDataset byKey = JdbcDataset.builder(db).id("t").table(table).build();
            assertThat(byKey.plan(four)).as(table).hasSize(4);
            assertThat(byKey.toString()).contains("split by ID");
            assertThat(readAll(byKey, four)).as(table).hasSize(1000);
        }
        JdbcDataset quoted = JdbcDataset.builder(db).id("m").table("\"Mixed\"").build();
        assertThat(quoted.plan(four)).as("a quoted mixed-case key is quoted in the SQL").hasSize(4);
        assertThat(readAll(quoted, four)).hasSize(100);
        assertThat(JdbcDataset.builder(db).id("two").table("two").build().plan(four)).as("composite key").hasSize(1);
        assertThat(JdbcDataset.builder(db).id("named").table("named").build().plan(four)).as("text key").hasSize(1);
        assertThat(JdbcDataset.builder(db).id("q").query("SELECT * FROM t").build().plan(four)).as("a query has no key").hasSize(1);
    }

    @Test
    void fewerDistinctKeysThanWorkers_givesFewerSplits() throws Exception {
        sql("CREATE TABLE t (id INT)", "INSERT INTO t VALUES (5), (5), (6)");
        JdbcDataset dataset = JdbcDataset.builder(db).id("t").table("t").splitColumn("id").build();

        List<? extends Split> splits = dataset.plan(new ScanRequest(TimeWindow.upTo(Instant.now()), 8));

        assertThat(splits).hasSize(2);
        long rows = 0;
        for (Split split : splits) {
            try (RowReader reader = dataset.read(split)) {
                while (reader.hasNext()) {
                    reader.next();
                    rows++;
                }
            }
        }
        assertThat(rows).isEqualTo(3);
    }

    @Test
    void query_withIngestionColumn_selectsTheWindowAndUsesTheDatabaseClock() throws Exception {
        sql("CREATE TABLE t (id INT, updated_at TIMESTAMP)");
        LocalDateTime base = LocalDateTime.of(2026, 11, 28, 0, 0);
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
            for (int i = 0; i < 10; i++) {
                ps.setInt(1, i);
                ps.setObject(2, base.plusHours(i));
                ps.executeUpdate();
            }
        }
        JdbcDataset dataset = JdbcDataset.builder(db).id("q").query("SELECT id, updated_at FROM t WHERE id <> 4")
                .ingestionColumn("updated_at").splitColumn("id").build();

        TimeWindow window = TimeWindow.between(base.plusHours(2).toInstant(ZoneOffset.UTC), base.plusHours(7).toInstant(ZoneOffset.UTC));
        List<Integer> ids = readAll(dataset, new ScanRequest(window, 2)).stream().map(r -> (Integer) r.get(0)).sorted().toList();

        assertThat(ids).as("from exclusive, to inclusive, the query's own filter kept").containsExactly(3, 5, 6, 7);
        Instant before = Instant.now().minusSeconds(5);
        assertThat(dataset.currentTime()).hasValueSatisfying(t -> assertThat(t).isBetween(before, Instant.now().plusSeconds(5)));
    }

    @Test
    void exportRun_withParallelism_exportsEveryRow() throws Exception {
        sql("CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(20))",
                "INSERT INTO t SELECT X, 'n' || X FROM SYSTEM_RANGE(1, 20000)");
        JdbcDataset dataset = JdbcDataset.builder(db).id("t").table("t").splitColumn("id").build();
        MemoryDestination memory = MemoryDestination.create();

        ExportResult result = DatasetExport.from(dataset).to(memory).format(new TextLinesFormat()).parallelism(3).run();

        assertThat(result.records()).isEqualTo(20000);
        assertThat(result.files()).as("one file per key range").hasSize(3);
        Map<Integer, Integer> seen = new HashMap<>();
        for (String path : memory.committedPaths()) {
            try (java.io.InputStream in = memory.open(path)) {
                for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                    String[] parts = line.substring(4, line.length() - 1).split(", "); // Row[id, name]
                    int id = Integer.parseInt(parts[0]);
                    assertThat(parts[1]).isEqualTo("n" + id);
                    seen.merge(id, 1, Integer::sum);
                }
            }
        }
        assertThat(seen).as("ids 1..20000 in the files").hasSize(20000).containsKeys(1, 20000);
        assertThat(seen.values()).as("each exactly once").containsOnly(1);
        assertThat(dataset.toString()).contains("t").doesNotContain("jdbc:h2");
        memory.assertNoOpenOutputs();
    }

    @Test
    void flow_incrementalLag_isTakenFromTheDatabaseClock() throws Exception {
        sql("CREATE TABLE t (id INT PRIMARY KEY, updated_at TIMESTAMP WITH TIME ZONE)",
                "INSERT INTO t VALUES (1, DATEADD(HOUR, -3, CURRENT_TIMESTAMP)), (2, DATEADD(HOUR, -2, CURRENT_TIMESTAMP)), "
                        + "(3, DATEADD(MINUTE, -10, CURRENT_TIMESTAMP)), (4, CURRENT_TIMESTAMP), (5, NULL)");
        JdbcDataset dataset = JdbcDataset.builder(db).id("t").table("t").ingestionColumn("updated_at").build();
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z"); // the scheduler's clock is far from the database's
        MutableClock clock = MutableClock.at(t0);
        MemoryDestination memory = MemoryDestination.create();
        try (ExportScheduler scheduler = ExportScheduler.builder().clock(clock).stateStore(StateStore.inMemory())
                .withoutBackgroundPolling().build()) {
            DatasetExport.from(dataset).to(memory).format(new TextLinesFormat())
                    .schedule(Schedule.everyHours(1).startingAt(t0)).mode(ExportMode.FIRST_FULL_THEN_INCREMENTAL)
                    .incrementalLag(Duration.ofHours(1)).start(scheduler);
            Instant before = Instant.now();

            List<ExportRun> runs = scheduler.runDue();

            assertThat(runs).singleElement().satisfies(r -> {
                assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
                assertThat(r.records()).as("rows 1, 2 and the NULL row 5; 3 and 4 are inside the lag").isEqualTo(3);
                assertThat(r.window().to()).isBetween(before.minus(Duration.ofMinutes(61)), Instant.now().minus(Duration.ofMinutes(59)));
            });
        }
    }

    @Test
    void clockQuery_givesTheCutOff() throws Exception {
        sql("CREATE TABLE t (id INT, updated_at TIMESTAMP WITH TIME ZONE)");
        JdbcDataset dataset = JdbcDataset.builder(db).id("t").table("t").ingestionColumn("updated_at")
                .clockQuery("SELECT TIMESTAMP WITH TIME ZONE '2030-01-02 03:04:05.123456+00'").build();

        assertThat(dataset.currentTime()).contains(Instant.parse("2030-01-02T03:04:05.123456Z"));
        assertThat(JdbcDataset.builder(db).id("t").table("t").build().currentTime()).as("no ingestion column, no clock").isEmpty();
        JdbcDataset broken = JdbcDataset.builder(db).id("t").table("t").ingestionColumn("updated_at").clockQuery("SELECT nope").build();
        assertThatThrownBy(broken::currentTime).hasMessageContaining("dataset \"t\": cannot read the database clock");
    }

    @Test
    void flow_whenTheDatabaseIsDown_recordsAFailedRunKeepsTheWatermarkAndCatchesUpLater() throws Exception {
        AtomicBoolean down = new AtomicBoolean();
        // the real H2 database behind a switch that refuses connections, as an unreachable server would
        javax.sql.DataSource flaky = (javax.sql.DataSource) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {javax.sql.DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection") && down.get()) {
                        throw new SQLException("Connection refused (forced by the test)");
                    }
                    try {
                        return method.invoke(db, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        sql("CREATE TABLE t (id INT PRIMARY KEY, updated_at TIMESTAMP WITH TIME ZONE)", "INSERT INTO t VALUES (1, CURRENT_TIMESTAMP)");
        JdbcDataset dataset = JdbcDataset.builder(flaky).id("t").table("t").ingestionColumn("updated_at").build();
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        MutableClock clock = MutableClock.at(t0);
        MemoryDestination memory = MemoryDestination.create();
        try (ExportScheduler scheduler = ExportScheduler.builder().clock(clock).stateStore(StateStore.inMemory())
                .withoutBackgroundPolling().build()) {
            ExportFlow flow = DatasetExport.from(dataset).to(memory).format(new TextLinesFormat())
                    .schedule(Schedule.everyHours(1).startingAt(t0)).mode(ExportMode.FIRST_FULL_THEN_INCREMENTAL).start(scheduler);
            assertThat(scheduler.runDue()).singleElement().satisfies(r -> assertThat(r.records()).isEqualTo(1));
            Instant watermark = flow.watermark().orElseThrow();

            sql("INSERT INTO t VALUES (2, CURRENT_TIMESTAMP)");
            down.set(true);
            clock.set(t0.plus(Duration.ofHours(1)));
            List<ExportRun> failed = scheduler.runDue();

            assertThat(failed).singleElement().satisfies(r -> {
                assertThat(r.status()).isEqualTo(RunStatus.FAILED);
                assertThat(r.error()).hasValueSatisfying(e -> assertThat(e).contains("dataset \"t\"").contains("database clock")
                        .contains("Connection refused"));
            });
            assertThat(flow.watermark()).contains(watermark);

            down.set(false);
            clock.set(t0.plus(Duration.ofHours(2)));
            assertThat(scheduler.runDue()).singleElement().satisfies(r -> {
                assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
                assertThat(r.records()).as("the row added while the database was down").isEqualTo(1);
                assertThat(r.window().from()).contains(watermark);
            });
        }
    }

    private static List<Row> readAll(JdbcDataset dataset, ScanRequest request) throws Exception {
        List<Row> rows = new ArrayList<>();
        for (Split split : dataset.plan(request)) {
            try (RowReader reader = dataset.read(split)) {
                reader.forEachRemaining(rows::add);
            }
        }
        return rows;
    }
}
