package org.datasetexport.flows.internal.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.datasetexport.flows.ExportRun;
import org.datasetexport.flows.state.StoredFlow;
import org.datasetexport.flows.state.UnreadableStateException;

/**
 * Brings the JDBC store's content up to {@link #CURRENT}, recorded in {@code datasetexport_schema}.
 * Runs in one transaction holding the version row's lock, so of several app instances starting at
 * once one migrates and the others find it done. A database already at a newer version is refused:
 * this code would misread it.
 *
 * <ul>
 *   <li>0 → 1: state written before versioning (flat definition JSON, state and runs without
 *       {@code formatVersion}) is rewritten in format version 1.</li>
 * </ul>
 */
final class JdbcStateMigrations {
    /** The schema version this code writes. */
    static final int CURRENT = 1;

    private JdbcStateMigrations() {
    }

    static void migrate(Connection c, String store) throws SQLException {
        insertVersionRowIfMissing(c);
        c.setAutoCommit(false);
        try {
            int version;
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT version FROM datasetexport_schema WHERE id = 1 FOR UPDATE")) {
                rs.next();
                version = rs.getInt(1);
            }
            if (version > CURRENT) {
                throw new UnreadableStateException(null, store, "the tables are at schema version " + version
                        + ", written by a newer datasetexport; this version reads up to " + CURRENT, null);
            }
            if (version < 1) {
                rewriteInFormatVersion1(c, store);
            }
            if (version < CURRENT) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE datasetexport_schema SET version = ? WHERE id = 1")) {
                    ps.setInt(1, CURRENT);
                    ps.executeUpdate();
                }
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** A database of today starts at 0: its tables exist, its JSON has no format version yet. */
    private static void insertVersionRowIfMissing(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO datasetexport_schema (id, version) "
                + "SELECT 1, 0 WHERE NOT EXISTS (SELECT 1 FROM datasetexport_schema WHERE id = 1)")) {
            ps.executeUpdate();
        } catch (SQLException e) {
            if (!JdbcStateStore.UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
        }
    }

    private static void rewriteInFormatVersion1(Connection c, String store) throws SQLException {
        List<StoredFlow> flows = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT flow_id, definition, state, version FROM datasetexport_flow")) {
            while (rs.next()) {
                flows.add(FlowJson.storedFlow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), store));
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE datasetexport_flow SET definition = ?, state = ? WHERE flow_id = ?")) {
            for (StoredFlow f : flows) {
                String definition;
                try {
                    definition = FlowJson.definitionToJson(FlowJson.definitionFromJson(f.definitionJson()));
                } catch (RuntimeException e) {
                    throw new UnreadableStateException(f.flowId(), store, e.getMessage(), e);
                }
                ps.setString(1, definition);
                ps.setString(2, FlowJson.stateToJson(f));
                ps.setString(3, f.flowId());
                ps.executeUpdate();
            }
        }
        List<String[]> runs = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT run_id, body FROM datasetexport_run")) {
            while (rs.next()) {
                ExportRun run = FlowJson.runFromJson(rs.getString(2), store);
                runs.add(new String[] {rs.getString(1), FlowJson.runToJson(run)});
            }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE datasetexport_run SET body = ? WHERE run_id = ?")) {
            for (String[] run : runs) {
                ps.setString(1, run[1]);
                ps.setString(2, run[0]);
                ps.executeUpdate();
            }
        }
    }
}
