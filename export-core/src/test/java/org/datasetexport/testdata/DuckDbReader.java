package org.datasetexport.testdata;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Struct;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.datasetexport.data.ArrayType;
import org.datasetexport.data.DataType;
import org.datasetexport.data.DecimalType;
import org.datasetexport.data.Field;
import org.datasetexport.data.MapType;
import org.datasetexport.data.Row;
import org.datasetexport.data.Schema;
import org.datasetexport.data.StructType;

/**
 * The independent reader of exported files: DuckDB (JDBC) parses JSON Lines with the column types
 * the schema declares, or Parquet with the types in the file, and both DuckDB's values and the
 * input rows are brought into one plain Java shape (lists for structs and arrays, hex for bytes,
 * Instant for timestamps) for comparison. Shared through export-core's test-jar.
 */
public final class DuckDbReader implements AutoCloseable {
    /** Which file format was read: JSON carries bytes as base64 text and numbers as doubles. */
    public enum Source { JSON, PARQUET }

    private final Connection connection;

    /** @throws SQLException when DuckDB cannot start */
    public DuckDbReader() throws SQLException {
        connection = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement st = connection.createStatement()) {
            st.execute("SET TimeZone='UTC'");
        }
    }

    /** Reads one JSON Lines file (plain, .gz or .zst) with the schema's types, in file order. */
    public List<List<Object>> readJson(Path file, Schema schema) throws SQLException {
        String columns = schema.fields().stream()
                .map(f -> "'" + f.name() + "': '" + jsonType(f.type()).replace("'", "''") + "'")
                .collect(Collectors.joining(", ", "{", "}"));
        return read("SELECT * FROM read_json('" + file + "', format='newline_delimited', columns=" + columns + ")",
                schema, Source.JSON);
    }

    /**
     * Reads one CSV file (plain, .gz or .zst; comma, {@code "}, LF or CRLF) with DuckDB's CSV reader:
     * flat columns with the schema's types, nested ones (JSON text in the cell) cast from JSON to
     * their types. Compared like JSON (binary as base64 text, decimals beyond a double as doubles).
     */
    public List<List<Object>> readCsv(Path file, Schema schema, boolean header, String nullValue) throws SQLException {
        String columns = schema.fields().stream()
                .map(f -> "'" + f.name() + "': '" + (nested(f.type()) ? "VARCHAR" : duckType(f.type())) + "'")
                .collect(Collectors.joining(", ", "{", "}"));
        String select = schema.fields().stream()
                .map(f -> nested(f.type()) ? "CAST(CAST(\"" + f.name() + "\" AS JSON) AS " + jsonType(f.type()) + ")"
                        // a formula-escaping writer puts an apostrophe before base64 starting with '+' (base64 has none of its own)
                        : f.type().kind() == DataType.Kind.BINARY ? "regexp_replace(\"" + f.name() + "\", '^''', '')"
                        : "\"" + f.name() + "\"")
                .collect(Collectors.joining(", "));
        return read("SELECT " + select + " FROM read_csv('" + file + "', header=" + header + ", delim=',', quote='\"', escape='\"', "
                + "nullstr='" + nullValue.replace("'", "''") + "', allow_quoted_nulls=false, auto_detect=false, columns=" + columns + ")", schema, Source.JSON);
    }

    private static boolean nested(DataType type) {
        return type.kind() == DataType.Kind.STRUCT || type.kind() == DataType.Kind.ARRAY || type.kind() == DataType.Kind.MAP;
    }

    /** Reads one Parquet file with the types stored in it, in file order. */
    public List<List<Object>> readParquet(Path file, Schema schema) throws SQLException {
        return read("SELECT * FROM read_parquet('" + file + "')", schema, Source.PARQUET);
    }

    /** Runs a statement that returns no rows ({@code COPY ... TO}, {@code CREATE ...}). */
    public void execute(String sql) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute(sql);
        }
    }

    /** Runs a query and returns its rows as strings, for metadata checks such as parquet_schema(). */
    public List<List<String>> query(String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private List<List<Object>> read(String sql, Schema schema, Source source) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 0; i < schema.fields().size(); i++) {
                    row.add(fromDuck(rs.getObject(i + 1), schema.fields().get(i).type(), source));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** @return {@code count(*)} of a FROM clause such as {@code read_parquet('…')} */
    public long count(String fromClause) throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM " + fromClause)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * The column type DuckDB's JSON reader is given: DuckDB parses every JSON number as a double, so a
     * decimal beyond a double's 15 digits is read as DOUBLE (a cast to its DECIMAL could overflow on
     * the rounded value, 9.99…9 becoming 10.0); {@link #expected} compares those as doubles.
     */
    static String jsonType(DataType type) {
        switch (type.kind()) {
            case DECIMAL:
                return beyondDouble(type) ? "DOUBLE" : duckType(type);
            case STRUCT:
                return ((StructType) type).fields().stream()
                        .map(f -> "\"" + f.name() + "\" " + jsonType(f.type()))
                        .collect(Collectors.joining(", ", "STRUCT(", ")"));
            case ARRAY: return jsonType(((ArrayType) type).elementType()) + "[]";
            case MAP: return "MAP(VARCHAR, " + jsonType(((MapType) type).valueType()) + ")";
            default: return duckType(type);
        }
    }

    static String duckType(DataType type) {
        switch (type.kind()) {
            case STRING: return "VARCHAR";
            case BOOLEAN: return "BOOLEAN";
            case INT: return "INTEGER";
            case LONG: return "BIGINT";
            case FLOAT: return "FLOAT";
            case DOUBLE: return "DOUBLE";
            case DATE: return "DATE";
            case TIMESTAMP: return "TIMESTAMPTZ";
            case BINARY: return "VARCHAR"; // base64 text; decoded in fromDuck
            case DECIMAL: {
                DecimalType d = (DecimalType) type;
                return "DECIMAL(" + d.precision() + "," + d.scale() + ")";
            }
            case STRUCT: return ((StructType) type).fields().stream()
                    .map(f -> "\"" + f.name() + "\" " + duckType(f.type()))
                    .collect(Collectors.joining(", ", "STRUCT(", ")"));
            case ARRAY: return duckType(((ArrayType) type).elementType()) + "[]";
            case MAP: return "MAP(VARCHAR, " + duckType(((MapType) type).valueType()) + ")";
            default: throw new IllegalArgumentException(type.toString());
        }
    }

    private static Object fromDuck(Object v, DataType type, Source source) throws SQLException {
        if (v == null) {
            return null;
        }
        switch (type.kind()) {
            case TIMESTAMP:
                return v instanceof OffsetDateTime odt ? odt.toInstant() : v;
            case BINARY:
                if (v instanceof Blob blob) {
                    return HexFormat.of().formatHex(blob.getBytes(1, (int) blob.length()));
                }
                if (v instanceof byte[] bytes) {
                    return HexFormat.of().formatHex(bytes);
                }
                return HexFormat.of().formatHex(Base64.getDecoder().decode((String) v));
            case DECIMAL:
                if (v instanceof Double d) {
                    return d; // read as DOUBLE from JSON: see jsonType
                }
                return source == Source.JSON && beyondDouble(type) ? ((BigDecimal) v).doubleValue() : v;
            case STRUCT: {
                List<Field> fields = ((StructType) type).fields();
                Object[] attrs = v instanceof Struct s ? s.getAttributes() : ((Map<?, ?>) v).values().toArray();
                List<Object> out = new ArrayList<>();
                for (int i = 0; i < fields.size(); i++) {
                    out.add(fromDuck(attrs[i], fields.get(i).type(), source));
                }
                return out;
            }
            case ARRAY: {
                Object[] elements = v instanceof Array a ? (Object[]) a.getArray() : ((List<?>) v).toArray();
                List<Object> out = new ArrayList<>();
                for (Object e : elements) {
                    out.add(fromDuck(e, ((ArrayType) type).elementType(), source));
                }
                return out;
            }
            case MAP: {
                Map<String, Object> out = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                    out.put((String) e.getKey(), fromDuck(e.getValue(), ((MapType) type).valueType(), source));
                }
                return out;
            }
            default:
                return v;
        }
    }

    /** The input side of the comparison, in the same shape as DuckDB's values after conversion. */
    public static List<Object> expected(Row row, StructType type, Source source) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < type.fields().size(); i++) {
            out.add(expectedValue(row.get(i), type.fields().get(i).type(), source));
        }
        return out;
    }

    private static Object expectedValue(Object v, DataType type, Source source) {
        if (v == null) {
            return null;
        }
        switch (type.kind()) {
            case TIMESTAMP: return ((Instant) v).truncatedTo(ChronoUnit.MICROS);
            case BINARY: return HexFormat.of().formatHex((byte[]) v);
            case DECIMAL: {
                BigDecimal d = ((BigDecimal) v).setScale(((DecimalType) type).scale());
                return source == Source.JSON && beyondDouble(type) ? d.doubleValue() : d;
            }
            case STRUCT: return expected((Row) v, (StructType) type, source);
            case ARRAY: {
                List<Object> out = new ArrayList<>();
                for (Object e : (List<?>) v) {
                    out.add(expectedValue(e, ((ArrayType) type).elementType(), source));
                }
                return out;
            }
            case MAP: {
                Map<String, Object> out = new LinkedHashMap<>();
                ((Map<?, ?>) v).forEach((k, e) -> out.put((String) k, expectedValue(e, ((MapType) type).valueType(), source)));
                return out;
            }
            default: return v;
        }
    }

    /**
     * DuckDB's JSON reader parses every JSON number as a double, so decimals of more than 15
     * significant digits come back rounded to the nearest double (the file itself holds the exact
     * digits; see the exact-text test). Such decimals are compared as doubles.
     */
    private static boolean beyondDouble(DataType type) {
        return ((DecimalType) type).precision() > 15;
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
