package org.datasetexport.format.json;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Array;
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
 * The independent reader: DuckDB parses our JSON Lines with the column types the schema
 * declares, and both DuckDB's values and the input rows are brought into one plain Java shape
 * (lists for structs and arrays, hex for bytes, Instant for timestamps) for comparison.
 */
final class DuckDbReader implements AutoCloseable {
    private final Connection connection;

    DuckDbReader() throws SQLException {
        connection = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement st = connection.createStatement()) {
            st.execute("SET TimeZone='UTC'");
        }
    }

    /** Reads one JSON Lines file (plain, .gz or .zst) with the schema's types, in file order. */
    List<List<Object>> readJson(Path file, Schema schema) throws SQLException {
        String columns = schema.fields().stream()
                .map(f -> "'" + f.name() + "': '" + duckType(f.type()).replace("'", "''") + "'")
                .collect(Collectors.joining(", ", "{", "}"));
        String sql = "SELECT * FROM read_json('" + file + "', format='newline_delimited', columns=" + columns + ")";
        List<List<Object>> rows = new ArrayList<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 0; i < schema.fields().size(); i++) {
                    row.add(fromDuck(rs.getObject(i + 1), schema.fields().get(i).type()));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    long count(String fromClause) throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM " + fromClause)) {
            rs.next();
            return rs.getLong(1);
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

    private static Object fromDuck(Object v, DataType type) throws SQLException {
        if (v == null) {
            return null;
        }
        switch (type.kind()) {
            case TIMESTAMP:
                return v instanceof OffsetDateTime odt ? odt.toInstant() : v;
            case BINARY:
                return HexFormat.of().formatHex(Base64.getDecoder().decode((String) v));
            case DECIMAL:
                return beyondDouble(type) ? ((BigDecimal) v).doubleValue() : v;
            case STRUCT: {
                List<Field> fields = ((StructType) type).fields();
                Object[] attrs = v instanceof Struct s ? s.getAttributes() : ((Map<?, ?>) v).values().toArray();
                List<Object> out = new ArrayList<>();
                for (int i = 0; i < fields.size(); i++) {
                    out.add(fromDuck(attrs[i], fields.get(i).type()));
                }
                return out;
            }
            case ARRAY: {
                Object[] elements = v instanceof Array a ? (Object[]) a.getArray() : ((List<?>) v).toArray();
                List<Object> out = new ArrayList<>();
                for (Object e : elements) {
                    out.add(fromDuck(e, ((ArrayType) type).elementType()));
                }
                return out;
            }
            case MAP: {
                Map<String, Object> out = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                    out.put((String) e.getKey(), fromDuck(e.getValue(), ((MapType) type).valueType()));
                }
                return out;
            }
            default:
                return v;
        }
    }

    /** The input side of the comparison, in the same shape as {@link #fromDuck}. */
    static List<Object> expected(Row row, StructType type) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < type.fields().size(); i++) {
            out.add(expectedValue(row.get(i), type.fields().get(i).type()));
        }
        return out;
    }

    private static Object expectedValue(Object v, DataType type) {
        if (v == null) {
            return null;
        }
        switch (type.kind()) {
            case TIMESTAMP: return ((Instant) v).truncatedTo(ChronoUnit.MICROS);
            case BINARY: return HexFormat.of().formatHex((byte[]) v);
            case DECIMAL: {
                BigDecimal d = ((BigDecimal) v).setScale(((DecimalType) type).scale());
                return beyondDouble(type) ? d.doubleValue() : d;
            }
            case STRUCT: return expected((Row) v, (StructType) type);
            case ARRAY: {
                List<Object> out = new ArrayList<>();
                for (Object e : (List<?>) v) {
                    out.add(expectedValue(e, ((ArrayType) type).elementType()));
                }
                return out;
            }
            case MAP: {
                Map<String, Object> out = new LinkedHashMap<>();
                ((Map<?, ?>) v).forEach((k, e) -> out.put((String) k, expectedValue(e, ((MapType) type).valueType())));
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
