package org.datasetexport.internal.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.datasetexport.data.TimeWindow;

/**
 * The SQL a JDBC dataset sends, and the parameters that go with it: the bounds of the split key
 * and of the ingestion-time window. Only identifiers checked by the dataset's builder (plain
 * names, or the quoted primary key) are written into SQL text; every value is a parameter.
 */
public final class JdbcSql {
    private final String base;
    private final String splitSql;
    private final String ingestionColumn;
    private final JdbcTypes.Column ingestion;

    /**
     * @param base a table name or a parenthesised query
     * @param splitSql the split key as written in SQL, or null
     * @param ingestion the ingestion-time column, or null
     */
    public JdbcSql(String base, String splitSql, JdbcTypes.Column ingestion) {
        this.base = base;
        this.splitSql = splitSql;
        this.ingestion = ingestion;
        this.ingestionColumn = ingestion == null ? null : ingestion.name();
    }

    /**
     * @param base a table name or a parenthesised query
     * @return a query returning no row, for the column metadata
     */
    public static String columnsProbe(String base) {
        return "SELECT * FROM " + base + " t WHERE 1 = 0";
    }

    /**
     * @param window the run's window
     * @return {@code SELECT MIN(key), MAX(key)} over the window's rows (bind with {@link #bindWindow})
     */
    public String keyBounds(TimeWindow window) {
        return "SELECT MIN(" + splitSql + "), MAX(" + splitSql + ") FROM " + base + " t" + windowClause(window, " WHERE ");
    }

    /**
     * @param range a planned range
     * @return the query reading its rows (bind with {@link #bindRead})
     */
    public String read(KeyRange range) {
        StringBuilder sql = new StringBuilder("SELECT * FROM " + base + " t");
        List<String> conditions = new ArrayList<>();
        if (!range.first()) {
            conditions.add(splitSql + " >= ?");
        }
        if (!range.last()) {
            conditions.add(range.first() ? "(" + splitSql + " < ? OR " + splitSql + " IS NULL)" : splitSql + " < ?");
        }
        String window = windowClause(range.window(), "");
        if (!window.isEmpty()) {
            conditions.add(window);
        }
        if (!conditions.isEmpty()) {
            sql.append(" WHERE ").append(String.join(" AND ", conditions));
        }
        return sql.toString();
    }

    /**
     * @param ps the statement of {@link #read}
     * @param range its range
     * @throws SQLException when binding fails
     */
    public void bindRead(PreparedStatement ps, KeyRange range) throws SQLException {
        int index = 1;
        if (!range.first()) {
            ps.setObject(index++, range.lo());
        }
        if (!range.last()) {
            ps.setObject(index++, range.hi());
        }
        bindWindow(ps, range.window(), index);
    }

    private String windowClause(TimeWindow window, String keyword) {
        if (ingestionColumn == null) {
            return "";
        }
        // a full export (no lower bound) keeps rows without a time; an incremental window has no place for them
        return keyword + (window.from().isPresent() ? ingestionColumn + " > ? AND " + ingestionColumn + " <= ?"
                : "(" + ingestionColumn + " <= ? OR " + ingestionColumn + " IS NULL)");
    }

    /**
     * @param ps a statement whose window parameters start at {@code index}
     * @param window the window
     * @param index the first window parameter
     * @return the next free parameter index
     * @throws SQLException when binding fails
     */
    public int bindWindow(PreparedStatement ps, TimeWindow window, int index) throws SQLException {
        if (ingestion == null) {
            return index;
        }
        if (window.from().isPresent()) {
            ps.setObject(index++, parameter(window.from().get(), ingestion));
        }
        ps.setObject(index++, parameter(window.to(), ingestion));
        return index;
    }

    /**
     * @param value a key or time
     * @param column the column it is compared with
     * @return the value as the column stores it (timestamps without zone hold UTC)
     */
    public static Object parameter(Object value, JdbcTypes.Column column) {
        if (value instanceof Instant t) {
            return column.withTimeZone() ? t.atOffset(ZoneOffset.UTC) : LocalDateTime.ofInstant(t, ZoneOffset.UTC);
        }
        return value;
    }
}
