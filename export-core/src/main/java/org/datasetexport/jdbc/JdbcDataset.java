package org.datasetexport.jdbc;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.datasetexport.ConfigurationException;
import org.datasetexport.ExportException;
import org.datasetexport.data.AbstractRowReader;
import org.datasetexport.data.DataType;
import org.datasetexport.data.Dataset;
import org.datasetexport.data.Field;
import org.datasetexport.data.Row;
import org.datasetexport.data.RowReader;
import org.datasetexport.data.ScanRequest;
import org.datasetexport.data.Schema;
import org.datasetexport.data.Split;
import org.datasetexport.data.TimeWindow;
import org.datasetexport.spi.StoragePaths;

/**
 * A database table or query as a dataset, over a plain {@link DataSource} (no driver dependency).
 *
 * <pre>{@code
 * Dataset orders = JdbcDataset.builder(dataSource).id("orders").table("public.orders")
 *         .splitColumn("id")               // key ranges, one connection per split
 *         .ingestionColumn("updated_at")   // incremental windows
 *         .build();
 * }</pre>
 *
 * <p>Schema, from {@code ResultSetMetaData} when {@link Builder#build()} runs: boolean/bit →
 * BOOLEAN; tinyint/smallint/integer → INT; bigint → LONG; real → FLOAT; double/float → DOUBLE;
 * numeric/decimal(p,s) with 1 ≤ p ≤ 38 → DECIMAL(p,s); char/varchar/text/clob, uuid, json/jsonb,
 * xml, inet/cidr/macaddr, citext → STRING; date → DATE; timestamp and timestamp with time zone → TIMESTAMP (a timestamp
 * without zone is read as UTC); binary/varbinary/bytea/blob → BINARY; arrays of these →
 * ARRAY. NOT NULL columns are required fields. Anything else (an unconstrained numeric, an
 * interval, a geometry) is a {@link ConfigurationException} naming the column, unless
 * {@link Builder#unmappedAsString()} exports it as the driver's text.
 *
 * <p>Reading streams: each split runs one query on its own connection with auto-commit off (needed
 * by PostgreSQL's cursor-based fetching) and {@code fetchSize} rows per round trip, so memory does
 * not grow with the table. With a {@code splitColumn} (integer, decimal, date or timestamp; an
 * indexed key; by default a table's single-column primary key of such a type), a run with {@code parallelism} n reads n key ranges between the column's MIN and
 * MAX, planned when the run starts; the first range also takes NULL keys and the last one keys
 * above the planned maximum, so no row is left out.
 *
 * <p>Consistency: each split is its own query, so each sees the table as of its own start; a row
 * inserted, updated or deleted while a run reads may or may not be in it, and a row whose key
 * moves between ranges during the run can be read twice or not at all. Export from a snapshot or
 * replica when that matters. With an ingestion column, rows stamped after the run's cut-off are
 * never in the run and belong to the next window.
 *
 * <p>Incremental: with {@code ingestionColumn} (a timestamp column set on insert and update), a
 * run selects rows with {@code from < column <= to} (a full export, without {@code from}, also
 * takes rows where the column is NULL); the cut-off comes from the database's clock
 * ({@code CURRENT_TIMESTAMP}) when the run starts, so it matches the clock that stamps the rows.
 * A row stamped by a transaction that commits after the cut-off was read is missed unless the
 * flow's {@code incrementalLag} is longer than the longest writing transaction (PostgreSQL's
 * {@code now()} is the transaction's start); a timestamp column without zone must hold UTC.
 * Thread-safe.
 */
public final class JdbcDataset implements Dataset {
    private final DataSource dataSource;
    private final String id;
    private final String base;
    private final String splitColumn;
    /** How {@link #splitColumn} is written in SQL (quoted when it came from the primary key). */
    private final String splitSql;
    private final String ingestionColumn;
    private final int fetchSize;
    private final AtomicReference<String> clockQuery;
    private final List<JdbcTypes.Column> columns;
    private final Schema schema;

    private JdbcDataset(Builder b) {
        this.dataSource = b.dataSource;
        this.id = b.id;
        this.base = b.query != null ? "(" + b.query + ")" : b.table;
        this.ingestionColumn = b.ingestionColumn;
        this.fetchSize = b.fetchSize;
        this.clockQuery = new AtomicReference<>(b.clockQuery);
        List<JdbcTypes.Column> cols = new ArrayList<>();
        String key = b.splitColumn;
        String keySql = b.splitColumn;
        try (Connection c = dataSource.getConnection()) {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM " + base + " t WHERE 1 = 0")) {
                ResultSetMetaData md = rs.getMetaData();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    cols.add(JdbcTypes.column(md, i, b.unmappedAsString));
                }
            }
            if (key == null && b.table != null) {
                Optional<String> pk = primaryKey(c, b.table);
                if (pk.isPresent() && cols.stream().anyMatch(col -> col.name().equals(pk.get()) && splittable(col.type()))) {
                    key = pk.get();
                    String quote = c.getMetaData().getIdentifierQuoteString().trim();
                    keySql = quote + key.replace(quote, quote + quote) + quote;
                }
            }
        } catch (SQLException e) {
            throw new ConfigurationException("dataset \"" + id + "\": cannot read the columns of " + base + ": " + e.getMessage(), e);
        }
        this.splitColumn = key;
        this.splitSql = keySql;
        this.columns = List.copyOf(cols);
        List<Field> fields = new ArrayList<>();
        for (JdbcTypes.Column col : cols) {
            fields.add(new Field(col.name(), col.type(), col.nullable()));
        }
        try {
            this.schema = Schema.of(fields);
        } catch (ConfigurationException e) {
            throw new ConfigurationException("dataset \"" + id + "\": the columns of " + base + " do not make a schema: "
                    + e.getMessage() + " (give each column a distinct name with AS)", e);
        }
        check(splitColumn, "splitColumn");
        check(ingestionColumn, "ingestionColumn");
        if (splitColumn != null) {
            ConfigurationException.check(splittable(column(splitColumn).type()),
                    "dataset \"%s\": splitColumn \"%s\" is %s; it must be an integer, decimal, date or timestamp column",
                    id, splitColumn, column(splitColumn).type());
        }
        if (ingestionColumn != null) {
            ConfigurationException.check(column(ingestionColumn).type().kind() == DataType.Kind.TIMESTAMP,
                    "dataset \"%s\": ingestionColumn \"%s\" is %s; it must be a timestamp column",
                    id, ingestionColumn, column(ingestionColumn).type());
        }
    }

    private static boolean splittable(DataType type) {
        DataType.Kind kind = type.kind();
        return kind == DataType.Kind.INT || kind == DataType.Kind.LONG || kind == DataType.Kind.DECIMAL
                || kind == DataType.Kind.DATE || kind == DataType.Kind.TIMESTAMP;
    }

    /**
     * The table's primary key when it is a single column, looked up in {@code DatabaseMetaData}
     * under the names as given, then as the database stores unquoted names; the connection's
     * current schema when the table name has none.
     */
    private static Optional<String> primaryKey(Connection c, String table) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        int dot = table.lastIndexOf('.');
        String schemaName = dot < 0 ? c.getSchema() : table.substring(0, dot);
        String tableName = table.substring(dot + 1);
        List<String[]> candidates = new ArrayList<>();
        candidates.add(new String[] {unquote(schemaName), unquote(tableName)});
        if (md.storesUpperCaseIdentifiers()) {
            candidates.add(new String[] {upper(schemaName), upper(tableName)});
        } else if (md.storesLowerCaseIdentifiers()) {
            candidates.add(new String[] {lower(schemaName), lower(tableName)});
        }
        for (String[] candidate : candidates) {
            List<String> keys = new ArrayList<>();
            try (ResultSet rs = md.getPrimaryKeys(null, candidate[0], candidate[1])) {
                while (rs.next()) {
                    keys.add(rs.getString("COLUMN_NAME"));
                }
            }
            if (!keys.isEmpty()) {
                return keys.size() == 1 ? Optional.of(keys.get(0)) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static String unquote(String name) {
        return name == null ? null : name.replace("\"", "");
    }

    private static String upper(String name) {
        return name == null || name.startsWith("\"") ? unquote(name) : name.toUpperCase(Locale.ROOT);
    }

    private static String lower(String name) {
        return name == null || name.startsWith("\"") ? unquote(name) : name.toLowerCase(Locale.ROOT);
    }

    private void check(String column, String setting) {
        if (column != null) {
            ConfigurationException.check(columns.stream().anyMatch(c -> c.name().equalsIgnoreCase(column)),
                    "%s \"%s\" is not a column of %s; columns: %s", setting, column, base, columns.stream().map(JdbcTypes.Column::name).toList());
        }
    }

    /**
     * @param dataSource the database
     * @return a builder
     */
    public static Builder builder(DataSource dataSource) {
        return new Builder(ConfigurationException.requireNonNull(dataSource, "dataSource"));
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Schema schema() {
        return schema;
    }

    /** Ways to read the database clock, tried in order until one works (then remembered). */
    private static final List<String> CLOCK_QUERIES = List.of(
            "SELECT CURRENT_TIMESTAMP",               // PostgreSQL, H2, SQL Server, SQLite, ...
            "SELECT CURRENT_TIMESTAMP FROM DUAL",     // Oracle
            "VALUES CURRENT_TIMESTAMP");              // Derby, DB2

    /**
     * The database's current time, so cut-offs use the clock that stamps the rows: the
     * {@link Builder#clockQuery(String) clock query} when set, otherwise {@code CURRENT_TIMESTAMP}
     * in the first form the database accepts. Empty without an ingestion column.
     */
    @Override
    public boolean hasIngestionTime() {
        return ingestionColumn != null;
    }

    @Override
    public Optional<Instant> currentTime() {
        if (ingestionColumn == null) {
            return Optional.empty();
        }
        try (Connection c = dataSource.getConnection()) {
            String known = clockQuery.get();
            if (known != null) {
                return Optional.of(readClock(c, known));
            }
            SQLException first = null;
            for (String query : CLOCK_QUERIES) {
                try {
                    Instant now = readClock(c, query);
                    clockQuery.compareAndSet(null, query);
                    return Optional.of(now);
                } catch (SQLException e) {
                    first = first == null ? e : first;
                    if (!c.getAutoCommit()) {
                        c.rollback();
                    }
                }
            }
            throw first;
        } catch (SQLException e) {
            throw new ExportException("dataset \"" + id + "\": cannot read the database clock: " + e.getMessage(), e);
        }
    }

    private static Instant readClock(Connection c, String query) throws SQLException {
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

    /**
     * A key range: {@code splitColumn >= lo} unless first, {@code splitColumn < hi} unless last; the
     * first range also takes rows whose key is NULL and the last one keys beyond the planned maximum,
     * so the ranges together always cover every row of the window.
     */
    private record Range(Object lo, Object hi, boolean first, boolean last, TimeWindow window) implements Split {
        @Override
        public String description() {
            if (first && last) {
                return "all rows";
            }
            return (first ? "keys below " + hi + " or null" : last ? "keys from " + lo : "keys from " + lo + " below " + hi);
        }
    }

    @Override
    public List<Range> plan(ScanRequest request) {
        if (splitColumn == null || request.desiredSplits() <= 1) {
            return List.of(new Range(null, null, true, true, request.window()));
        }
        JdbcTypes.Column key = column(splitColumn);
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT MIN(" + splitSql + "), MAX(" + splitSql + ") FROM " + base
                     + " t" + windowClause(request.window(), " WHERE "))) {
            bindWindow(ps, request.window(), 1);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Object min = JdbcTypes.read(rs, 1, key);
                Object max = JdbcTypes.read(rs, 2, key);
                if (min == null) {
                    return List.of(new Range(null, null, true, true, request.window()));
                }
                return ranges(boundaries(min, max, request.desiredSplits()), key, request.window());
            }
        } catch (SQLException e) {
            throw new ExportException("dataset \"" + id + "\": cannot plan splits on " + splitColumn + ": " + e.getMessage(), e);
        }
    }

    /** {@code n - 1} distinct inner boundaries between min and max (fewer when the key has fewer values). */
    private static List<Object> boundaries(Object min, Object max, int n) {
        List<Object> inner = new ArrayList<>();
        if (min instanceof Integer || min instanceof Long) {
            BigInteger a = BigInteger.valueOf(((Number) min).longValue());
            BigInteger span = BigInteger.valueOf(((Number) max).longValue()).subtract(a).add(BigInteger.ONE);
            for (int i = 1; i < n; i++) {
                long b = a.add(span.multiply(BigInteger.valueOf(i)).divide(BigInteger.valueOf(n))).longValue();
                addDistinct(inner, b);
            }
        } else if (min instanceof BigDecimal a) {
            BigDecimal span = ((BigDecimal) max).subtract(a);
            for (int i = 1; i < n; i++) {
                addDistinct(inner, a.add(span.multiply(BigDecimal.valueOf(i)).divide(BigDecimal.valueOf(n), a.scale(), RoundingMode.FLOOR)));
            }
        } else if (min instanceof LocalDate a) {
            long span = ((LocalDate) max).toEpochDay() - a.toEpochDay() + 1;
            for (int i = 1; i < n; i++) {
                addDistinct(inner, a.plusDays(span * i / n));
            }
        } else {
            Instant a = (Instant) min;
            long span = ChronoUnit.MICROS.between(a, (Instant) max);
            for (int i = 1; i < n; i++) {
                addDistinct(inner, a.plus(BigInteger.valueOf(span).multiply(BigInteger.valueOf(i)).divide(BigInteger.valueOf(n)).longValue(), ChronoUnit.MICROS));
            }
        }
        Object low = min instanceof Integer i ? Long.valueOf(i) : min;
        inner.removeIf(b -> b.equals(low));
        return inner;
    }

    private static void addDistinct(List<Object> list, Object value) {
        if (list.isEmpty() || !list.get(list.size() - 1).equals(value)) {
            list.add(value);
        }
    }

    private static List<Range> ranges(List<Object> inner, JdbcTypes.Column key, TimeWindow window) {
        List<Range> ranges = new ArrayList<>();
        for (int i = 0; i <= inner.size(); i++) {
            Object lo = i == 0 ? null : parameter(inner.get(i - 1), key);
            Object hi = i == inner.size() ? null : parameter(inner.get(i), key);
            ranges.add(new Range(lo, hi, i == 0, i == inner.size(), window));
        }
        return ranges;
    }

    /** Binds a key or time the way the column stores it (timestamps without zone hold UTC). */
    private static Object parameter(Object value, JdbcTypes.Column column) {
        if (value instanceof Instant t) {
            return column.withTimeZone() ? t.atOffset(ZoneOffset.UTC) : LocalDateTime.ofInstant(t, ZoneOffset.UTC);
        }
        return value;
    }

    private JdbcTypes.Column column(String name) {
        return columns.stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst().orElseThrow();
    }

    private String windowClause(TimeWindow window, String keyword) {
        if (ingestionColumn == null) {
            return "";
        }
        // a full export (no lower bound) keeps rows without a time; an incremental window has no place for them
        return keyword + (window.from().isPresent() ? ingestionColumn + " > ? AND " + ingestionColumn + " <= ?"
                : "(" + ingestionColumn + " <= ? OR " + ingestionColumn + " IS NULL)");
    }

    private int bindWindow(PreparedStatement ps, TimeWindow window, int index) throws SQLException {
        if (ingestionColumn == null) {
            return index;
        }
        JdbcTypes.Column column = column(ingestionColumn);
        if (window.from().isPresent()) {
            ps.setObject(index++, parameter(window.from().get(), column));
        }
        ps.setObject(index++, parameter(window.to(), column));
        return index;
    }

    @Override
    public RowReader read(Split split) {
        if (!(split instanceof Range range)) {
            throw new ConfigurationException("split " + split + " was not planned by dataset \"" + id + "\"");
        }
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
        try {
            Connection c = dataSource.getConnection();
            try {
                c.setAutoCommit(false); // PostgreSQL streams with a cursor only outside auto-commit
                c.setReadOnly(true);
                PreparedStatement ps = c.prepareStatement(sql.toString(), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
                ps.setFetchSize(fetchSize);
                int index = 1;
                if (!range.first()) {
                    ps.setObject(index++, range.lo());
                }
                if (!range.last()) {
                    ps.setObject(index++, range.hi());
                }
                bindWindow(ps, range.window(), index);
                return new Reader(c, ps, ps.executeQuery());
            } catch (SQLException | RuntimeException e) {
                c.close();
                throw e;
            }
        } catch (SQLException e) {
            throw new ExportException("dataset \"" + id + "\": cannot read " + range.description() + ": " + e.getMessage(), e);
        }
    }

    private final class Reader extends AbstractRowReader {
        private final Connection connection;
        private final Statement statement;
        private final ResultSet rs;

        Reader(Connection connection, Statement statement, ResultSet rs) {
            this.connection = connection;
            this.statement = statement;
            this.rs = rs;
        }

        @Override
        protected Row fetch() {
            try {
                if (!rs.next()) {
                    return null;
                }
                Object[] values = new Object[columns.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = JdbcTypes.read(rs, i + 1, columns.get(i));
                }
                return Row.of(values);
            } catch (SQLException e) {
                throw new ExportException("dataset \"" + id + "\": reading row " + (rowNumber() + 1) + " failed: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            try (connection; statement; rs) {
                connection.rollback(); // read-only: end the transaction that held the cursor
            } catch (SQLException ignored) {
                // closing is best effort; the pool or driver reclaims the connection
            }
        }
    }

    @Override
    public String toString() {
        return "JdbcDataset[" + id + ", " + base + (splitColumn != null ? ", split by " + splitColumn : "")
                + (ingestionColumn != null ? ", ingestion " + ingestionColumn : "") + "]";
    }

    /** Builds a {@link JdbcDataset}; {@link #build()} reads the columns once. Not thread-safe. */
    public static final class Builder {
        private final DataSource dataSource;
        private String id;
        private String table;
        private String query;
        private String splitColumn;
        private String ingestionColumn;
        private int fetchSize = 1000;
        private boolean unmappedAsString;
        private String clockQuery;

        private Builder(DataSource dataSource) {
            this.dataSource = dataSource;
        }

        /**
         * @param id the dataset id (letters, digits, {@code . _ = -})
         * @return this builder
         */
        public Builder id(String id) {
            this.id = StoragePaths.requireValidSegment(id, "dataset id");
            return this;
        }

        /**
         * @param table a table name, optionally schema-qualified ({@code public.orders}); letters, digits, {@code _ . "}
         * @return this builder
         */
        public Builder table(String table) {
            ConfigurationException.check(table != null && table.matches("[A-Za-z0-9_.\\\"]+"),
                    "table \"%s\" is not a plain (optionally schema-qualified) table name", table);
            this.table = table;
            return this;
        }

        /**
         * @param query a SELECT; exported as a sub-query
         * @return this builder
         */
        public Builder query(String query) {
            this.query = ConfigurationException.requireNonNull(query, "query");
            return this;
        }

        /**
         * @param column an integer, decimal, date or timestamp column (an indexed key) to split reads by
         *        range; by default a table's single-column primary key of such a type (a query has none)
         * @return this builder
         */
        public Builder splitColumn(String column) {
            this.splitColumn = identifier(column, "splitColumn");
            return this;
        }

        /**
         * @param column a timestamp column set when a row is inserted or updated: enables incremental windows
         * @return this builder
         */
        public Builder ingestionColumn(String column) {
            this.ingestionColumn = identifier(column, "ingestionColumn");
            return this;
        }

        private static String identifier(String column, String setting) {
            ConfigurationException.check(column != null && column.matches("[A-Za-z_][A-Za-z0-9_]*"),
                    "%s \"%s\" is not a plain column name", setting, column);
            return column;
        }

        /**
         * @param rows rows per round trip, 1 to 100,000; default 1,000
         * @return this builder
         */
        public Builder fetchSize(int rows) {
            ConfigurationException.check(rows >= 1 && rows <= 100_000, "fetchSize must be 1 to 100000, got %d", rows);
            this.fetchSize = rows;
            return this;
        }

        /**
         * The query that reads the database's current time for cut-offs, for databases where
         * {@code CURRENT_TIMESTAMP} is not the clock that stamps the ingestion column (MySQL's
         * {@code SELECT UTC_TIMESTAMP()} when the column holds UTC, say). One row, one timestamp column.
         *
         * @param query a SELECT returning the current time
         * @return this builder
         */
        public Builder clockQuery(String query) {
            this.clockQuery = ConfigurationException.requireNonNull(query, "clockQuery");
            return this;
        }

        /**
         * Exports columns of types without a dataset type (an unconstrained numeric, a geometry) as text.
         *
         * @return this builder
         */
        public Builder unmappedAsString() {
            this.unmappedAsString = true;
            return this;
        }

        /**
         * @return the dataset
         * @throws ConfigurationException when settings are missing, the columns cannot be read, or a column has no type
         */
        public JdbcDataset build() {
            ConfigurationException.check(id != null, "a JDBC dataset needs an id");
            ConfigurationException.check((table == null) != (query == null), "a JDBC dataset needs exactly one of table(...) or query(...)");
            return new JdbcDataset(this);
        }
    }
}
