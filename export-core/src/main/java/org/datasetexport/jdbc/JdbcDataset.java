package org.datasetexport.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.datasetexport.ConfigurationException;
import org.datasetexport.ExportException;
import org.datasetexport.data.DataType;
import org.datasetexport.data.Dataset;
import org.datasetexport.data.Field;
import org.datasetexport.data.RowReader;
import org.datasetexport.data.ScanRequest;
import org.datasetexport.data.Schema;
import org.datasetexport.data.Split;
import org.datasetexport.internal.jdbc.DatabaseClock;
import org.datasetexport.internal.jdbc.JdbcRowReader;
import org.datasetexport.internal.jdbc.JdbcSql;
import org.datasetexport.internal.jdbc.JdbcTypes;
import org.datasetexport.internal.jdbc.KeyRange;
import org.datasetexport.internal.jdbc.KeyRangePlanner;
import org.datasetexport.internal.jdbc.PrimaryKeys;
import org.datasetexport.spi.StoragePaths;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    private static final Logger LOG = LoggerFactory.getLogger(JdbcDataset.class);

    private final DataSource dataSource;
    private final String id;
    private final String base;
    private final String splitColumn;
    private final String ingestionColumn;
    private final int fetchSize;
    private final List<JdbcTypes.Column> columns;
    private final Schema schema;
    private final JdbcSql sql;
    private final DatabaseClock clock;

    private JdbcDataset(Builder b) {
        this.dataSource = b.dataSource;
        this.id = b.id;
        this.base = b.query != null ? "(" + b.query + ")" : b.table;
        this.ingestionColumn = b.ingestionColumn;
        this.fetchSize = b.fetchSize;
        this.clock = new DatabaseClock(id, dataSource, b.clockQuery);
        List<JdbcTypes.Column> cols = new ArrayList<>();
        String key = b.splitColumn;
        String keySql = b.splitColumn;
        try (Connection c = dataSource.getConnection()) {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(JdbcSql.columnsProbe(base))) {
                ResultSetMetaData md = rs.getMetaData();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    cols.add(JdbcTypes.column(md, i, b.unmappedAsString));
                }
            }
            if (key == null && b.table != null) {
                Optional<String> pk = PrimaryKeys.singleColumn(c, b.table);
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
        this.sql = new JdbcSql(base, keySql, ingestionColumn == null ? null : column(ingestionColumn));
    }

    private static boolean splittable(DataType type) {
        DataType.Kind kind = type.kind();
        return kind == DataType.Kind.INT || kind == DataType.Kind.LONG || kind == DataType.Kind.DECIMAL
                || kind == DataType.Kind.DATE || kind == DataType.Kind.TIMESTAMP;
    }

    private void check(String column, String setting) {
        if (column != null) {
            ConfigurationException.check(columns.stream().anyMatch(c -> c.name().equalsIgnoreCase(column)),
                    "%s \"%s\" is not a column of %s; columns: %s", setting, column, base, columns.stream().map(JdbcTypes.Column::name).toList());
        }
    }

    private JdbcTypes.Column column(String name) {
        return columns.stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst().orElseThrow();
    }

    /**
     * Read-only is a hint (JDBC: "a hint to the driver to enable database optimizations"); some
     * drivers refuse it on an open connection (DuckDB: "Can't change read-only status on connection
     * level"), which must not fail the export.
     */
    private static void readOnlyHint(Connection c) {
        try {
            c.setReadOnly(true);
        } catch (SQLException e) {
            LOG.debug("the JDBC driver refused the read-only hint; reading without it: {}", e.getMessage());
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

    /** @return true when an {@code ingestionColumn} was given */
    @Override
    public boolean hasIngestionTime() {
        return ingestionColumn != null;
    }

    /**
     * The database's current time, so cut-offs use the clock that stamps the rows: the
     * {@link Builder#clockQuery(String) clock query} when set, otherwise {@code CURRENT_TIMESTAMP}
     * in the first form the database accepts. Empty without an ingestion column.
     */
    @Override
    public Optional<Instant> currentTime() {
        return ingestionColumn == null ? Optional.empty() : Optional.of(clock.now());
    }

    /**
     * One split without a split key or with one worker; otherwise key ranges between the key's
     * MIN and MAX inside the window, read when the run starts.
     */
    @Override
    public List<? extends Split> plan(ScanRequest request) {
        if (splitColumn == null || request.desiredSplits() <= 1) {
            return List.of(KeyRange.all(request.window()));
        }
        JdbcTypes.Column key = column(splitColumn);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.keyBounds(request.window()))) {
            sql.bindWindow(ps, request.window(), 1);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Object min = JdbcTypes.read(rs, 1, key);
                Object max = JdbcTypes.read(rs, 2, key);
                if (min == null) {
                    return List.of(KeyRange.all(request.window()));
                }
                return KeyRangePlanner.plan(min, max, request.desiredSplits(), v -> JdbcSql.parameter(v, key), request.window());
            }
        } catch (SQLException e) {
            throw new ExportException("dataset \"" + id + "\": cannot plan splits on " + splitColumn + ": " + e.getMessage(), e);
        }
    }

    @Override
    public RowReader read(Split split) {
        if (!(split instanceof KeyRange range)) {
            throw new ConfigurationException("split " + split + " was not planned by dataset \"" + id + "\"");
        }
        try {
            Connection c = dataSource.getConnection();
            try {
                c.setAutoCommit(false); // PostgreSQL streams with a cursor only outside auto-commit
                readOnlyHint(c);
                PreparedStatement ps = c.prepareStatement(sql.read(range), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
                ps.setFetchSize(fetchSize);
                sql.bindRead(ps, range);
                return new JdbcRowReader(id, columns, c, ps, ps.executeQuery());
            } catch (SQLException | RuntimeException e) {
                c.close();
                throw e;
            }
        } catch (SQLException e) {
            throw new ExportException("dataset \"" + id + "\": cannot read " + range.description() + ": " + e.getMessage(), e);
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
