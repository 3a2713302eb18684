package org.datasetexport.internal.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.datasetexport.ExportException;

/**
 * Reads the database's current time, so cut-offs use the clock that stamps the rows: a given query,
 * or {@code CURRENT_TIMESTAMP} in the first form the database accepts (then remembered).
 */
public final class DatabaseClock {
    /** Ways to read the database clock, tried in order until one works. */
    private static final List<String> CLOCK_QUERIES = List.of(
            "SELECT CURRENT_TIMESTAMP",               // PostgreSQL, H2, SQL Server, SQLite, ...
            "SELECT CURRENT_TIMESTAMP FROM DUAL",     // Oracle
            "VALUES CURRENT_TIMESTAMP");              // Derby, DB2

    private final String datasetId;
    private final DataSource dataSource;
    private final AtomicReference<String> clockQuery;

    /**
     * @param datasetId for error messages
     * @param dataSource the database
     * @param clockQuery the user's clock query, or null to find one
     */
    public DatabaseClock(String datasetId, DataSource dataSource, String clockQuery) {
        this.datasetId = datasetId;
        this.dataSource = dataSource;
        this.clockQuery = new AtomicReference<>(clockQuery);
    }

    /**
     * @return the database's current time
     * @throws ExportException naming the dataset when the database cannot be asked
     */
    public Instant now() {
        try (Connection c = dataSource.getConnection()) {
            String known = clockQuery.get();
            if (known != null) {
                return read(c, known);
            }
            SQLException first = null;
            for (String query : CLOCK_QUERIES) {
                try {
                    Instant now = read(c, query);
                    clockQuery.compareAndSet(null, query);
                    return now;
                } catch (SQLException e) {
                    first = first == null ? e : first;
                    if (!c.getAutoCommit()) {
                        c.rollback();
                    }
                }
            }
            throw first;
        } catch (SQLException e) {
            throw new ExportException("dataset \"" + datasetId + "\": cannot read the database clock: " + e.getMessage(), e);
        }
    }

    private static Instant read(Connection c, String query) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
            if (!rs.next()) {
                throw new SQLException("the clock query returned no row: " + query);
            }
            try {
                OffsetDateTime now = rs.getObject(1, OffsetDateTime.class);
                if (now != null) {
                    return now.toInstant();
                }
            } catch (SQLException e) {
                // drivers without java.time support for this column: fall back to java.sql.Timestamp
            }
            Timestamp now = rs.getTimestamp(1);
            if (now == null) {
                throw new SQLException("the clock query returned NULL: " + query);
            }
            return now.toInstant();
        }
    }
}
