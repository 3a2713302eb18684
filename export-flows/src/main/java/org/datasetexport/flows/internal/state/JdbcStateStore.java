package org.datasetexport.flows.internal.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.datasetexport.ExportException;
import org.datasetexport.flows.ExportRun;
import org.datasetexport.flows.StateStore;
import org.datasetexport.flows.state.StoredFlow;

/**
 * {@link StateStore#jdbc}: tables created on first use with portable SQL (tested on H2 and
 * PostgreSQL), and a schema-version table ({@code datasetexport_schema}) that
 * {@link JdbcStateMigrations} brings up to date on start, so databases written by earlier versions
 * keep working. {@link #replace} is {@code UPDATE … WHERE version = ?}, so schedulers in several
 * app instances sharing the database never both claim a slot.
 */
public final class JdbcStateStore implements StateStore {
    /** SQLSTATE of a unique-key violation (a row or table another instance created first). */
    static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;
    private volatile boolean initialized;

    /**
     * @param dataSource the database
     */
    public JdbcStateStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T inConnection(String what, Work<T> work) {
        ensureSchema();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            return work.run(c);
        } catch (SQLException e) {
            throw new ExportException("State store: cannot " + what + ": " + e.getMessage(), e);
        }
    }

    private void ensureSchema() {
        if (initialized) {
            return;
        }
        synchronized (this) {
            if (initialized) {
                return;
            }
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(true);
                try (Statement st = c.createStatement()) {
                    createTable(st, "CREATE TABLE IF NOT EXISTS datasetexport_flow (flow_id VARCHAR(255) PRIMARY KEY, "
                            + "definition VARCHAR(100000) NOT NULL, state VARCHAR(10000) NOT NULL, version BIGINT NOT NULL)");
                    createTable(st, "CREATE TABLE IF NOT EXISTS datasetexport_run (run_id VARCHAR(64) PRIMARY KEY, "
                            + "flow_id VARCHAR(255) NOT NULL, started_micros BIGINT NOT NULL, body VARCHAR(100000) NOT NULL)");
                    createTable(st, "CREATE INDEX IF NOT EXISTS datasetexport_run_flow ON datasetexport_run (flow_id, started_micros)");
                    createTable(st, "CREATE TABLE IF NOT EXISTS datasetexport_schema (id INT PRIMARY KEY, version INT NOT NULL)");
                }
                JdbcStateMigrations.migrate(c, toString());
            } catch (SQLException e) {
                throw new ExportException("State store: cannot create or migrate its tables: " + e.getMessage(), e);
            }
            initialized = true;
        }
    }

    /** Two instances creating the tables at once may collide; the loser finds them created. */
    private static void createTable(Statement st, String sql) throws SQLException {
        try {
            st.execute(sql);
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState()) && !"42P07".equals(e.getSQLState())) {
                throw e;
            }
        }
    }

    @Override
    public List<StoredFlow> flows() {
        return inConnection("list flows", c -> {
            List<StoredFlow> result = new ArrayList<>();
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT flow_id, definition, state, version FROM datasetexport_flow ORDER BY flow_id")) {
                while (rs.next()) {
                    result.add(FlowJson.storedFlow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), toString()));
                }
            }
            return result;
        });
    }

    /**
     * The database's clock: every scheduler sharing the store measures leases on it. Read as this
     * machine's offset from it, measured again at most every {@value #CLOCK_OFFSET_REFRESH_MILLIS} ms,
     * so polls and renewals cost no query each (a drift within that time is far below any lease).
     */
    @Override
    public Optional<java.time.Instant> currentTime() {
        long now = System.currentTimeMillis();
        Long offset = clockOffset;
        if (offset == null || now - clockOffsetMeasuredAt > CLOCK_OFFSET_REFRESH_MILLIS) {
            java.time.Instant db = inConnection("read the database clock", c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT CURRENT_TIMESTAMP"); ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getObject(1, java.time.OffsetDateTime.class).toInstant();
                }
            });
            long after = System.currentTimeMillis();
            offset = db.toEpochMilli() - (now + after) / 2;
            clockOffset = offset;
            clockOffsetMeasuredAt = after;
            now = after;
        }
        return Optional.of(java.time.Instant.ofEpochMilli(now + offset));
    }

    private static final long CLOCK_OFFSET_REFRESH_MILLIS = 30_000;
    private volatile Long clockOffset;
    private volatile long clockOffsetMeasuredAt;

    @Override
    public Optional<StoredFlow> flow(String flowId) {
        return inConnection("read flow " + flowId, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT flow_id, definition, state, version FROM datasetexport_flow WHERE flow_id = ?")) {
                ps.setString(1, flowId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next()
                            ? Optional.of(FlowJson.storedFlow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), toString()))
                            : Optional.empty();
                }
            }
        });
    }

    @Override
    public boolean insert(StoredFlow flow) {
        return inConnection("insert flow " + flow.flowId(), c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO datasetexport_flow (flow_id, definition, state, version) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, flow.flowId());
                ps.setString(2, flow.definitionJson());
                ps.setString(3, FlowJson.stateToJson(flow));
                ps.setLong(4, flow.version());
                ps.executeUpdate();
                return true;
            } catch (SQLException e) {
                if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    return false;
                }
                throw e;
            }
        });
    }

    @Override
    public boolean replace(StoredFlow expected, StoredFlow updated) {
        return inConnection("update flow " + expected.flowId(), c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE datasetexport_flow SET definition = ?, state = ?, version = ? WHERE flow_id = ? AND version = ?")) {
                ps.setString(1, updated.definitionJson());
                ps.setString(2, FlowJson.stateToJson(updated));
                ps.setLong(3, updated.version());
                ps.setString(4, expected.flowId());
                ps.setLong(5, expected.version());
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public void delete(String flowId) {
        inConnection("delete flow " + flowId, c -> {
            try (PreparedStatement runs = c.prepareStatement("DELETE FROM datasetexport_run WHERE flow_id = ?");
                 PreparedStatement flow = c.prepareStatement("DELETE FROM datasetexport_flow WHERE flow_id = ?")) {
                runs.setString(1, flowId);
                runs.executeUpdate();
                flow.setString(1, flowId);
                flow.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void saveRun(ExportRun run) {
        long startedMicros = Math.addExact(Math.multiplyExact(run.startedAt().getEpochSecond(), 1_000_000L),
                run.startedAt().getNano() / 1000);
        String body = FlowJson.runToJson(run);
        inConnection("save run " + run.runId(), c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE datasetexport_run SET body = ? WHERE run_id = ?")) {
                update.setString(1, body);
                update.setString(2, run.runId());
                if (update.executeUpdate() == 1) {
                    return null;
                }
            }
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO datasetexport_run (run_id, flow_id, started_micros, body) VALUES (?, ?, ?, ?)")) {
                insert.setString(1, run.runId());
                insert.setString(2, run.flowId());
                insert.setLong(3, startedMicros);
                insert.setString(4, body);
                insert.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public List<ExportRun> runs(String flowId, int offset, int limit) {
        return inConnection("list runs of " + flowId, c -> {
            List<ExportRun> result = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT body FROM datasetexport_run WHERE flow_id = ? "
                    + "ORDER BY started_micros DESC, run_id DESC LIMIT ? OFFSET ?")) {
                ps.setString(1, flowId);
                ps.setInt(2, limit);
                ps.setInt(3, offset);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        result.add(FlowJson.runFromJson(rs.getString(1), toString()));
                    }
                }
            }
            // the SQL order has no slot tiebreak; apply the same order as the other stores
            result.sort(InMemoryStateStore.RunOrder.NEWEST_FIRST);
            return result;
        });
    }

    @Override
    public int pruneRuns(String flowId, int keep) {
        return inConnection("prune runs of " + flowId, c -> {
            long micros;
            String runId;
            // the oldest run to keep; portable SQL (no LIMIT in a subquery, which MySQL refuses)
            try (PreparedStatement ps = c.prepareStatement("SELECT started_micros, run_id FROM datasetexport_run "
                    + "WHERE flow_id = ? ORDER BY started_micros DESC, run_id DESC LIMIT 1 OFFSET ?")) {
                ps.setString(1, flowId);
                ps.setInt(2, keep - 1);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return 0;
                    }
                    micros = rs.getLong(1);
                    runId = rs.getString(2);
                }
            }
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM datasetexport_run WHERE flow_id = ? "
                    + "AND (started_micros < ? OR (started_micros = ? AND run_id < ?))")) {
                delete.setString(1, flowId);
                delete.setLong(2, micros);
                delete.setLong(3, micros);
                delete.setString(4, runId);
                return delete.executeUpdate();
            }
        });
    }

    @Override
    public String toString() {
        return "JdbcStateStore";
    }
}
