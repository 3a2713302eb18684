package org.datasetexport.internal.jdbc;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.datasetexport.ConfigurationException;
import org.datasetexport.data.ArrayType;
import org.datasetexport.data.DataType;
import org.datasetexport.data.DecimalType;

/** The JDBC-to-dataset type mapping (documented on {@code JdbcDataset}) and the value reading that goes with it. */
public final class JdbcTypes {
    /**
     * How one column is read.
     *
     * @param name the column label
     * @param type its dataset type
     * @param nullable whether it may hold NULL
     * @param withTimeZone whether a timestamp column stores a zone (else it holds UTC)
     */
    public record Column(String name, DataType type, boolean nullable, boolean withTimeZone) {
    }

    /** Database types the driver reports as "other" that have an exact text form (PostgreSQL's names). */
    private static final Set<String> TEXT_TYPES = Set.of(
            "uuid", "json", "jsonb", "xml", "inet", "cidr", "macaddr", "macaddr8", "citext");

    private JdbcTypes() {
    }

    /**
     * @param md the result set metadata
     * @param i the column, from 1
     * @param unmappedAsString whether a type without a dataset type is read as text
     * @return how to read the column
     * @throws SQLException when the metadata cannot be read
     */
    public static Column column(ResultSetMetaData md, int i, boolean unmappedAsString) throws SQLException {
        String name = md.getColumnLabel(i);
        boolean nullable = md.isNullable(i) != ResultSetMetaData.columnNoNulls;
        String typeName = String.valueOf(md.getColumnTypeName(i)).toLowerCase(Locale.ROOT);
        int jdbcType = md.getColumnType(i);
        DataType type = map(jdbcType, typeName, md.getPrecision(i), md.getScale(i));
        if (type == null) {
            ConfigurationException.check(unmappedAsString, "column \"%s\" has the type %s (JDBC %d), which has no dataset type; "
                    + "cast it in the query or call unmappedAsString() to export it as text", name, md.getColumnTypeName(i), jdbcType);
            type = DataType.STRING;
        }
        return new Column(name, type, nullable, typeName.contains("timestamptz") || typeName.contains("with time zone")
                || jdbcType == Types.TIMESTAMP_WITH_TIMEZONE);
    }

    private static DataType map(int jdbcType, String typeName, int precision, int scale) {
        if (TEXT_TYPES.contains(typeName)) {
            return DataType.STRING;
        }
        switch (jdbcType) {
            case Types.BIT:
            case Types.BOOLEAN:
                return DataType.BOOLEAN;
            case Types.TINYINT:
            case Types.SMALLINT:
            case Types.INTEGER:
                return DataType.INT;
            case Types.BIGINT:
                return DataType.LONG;
            case Types.REAL:
                return DataType.FLOAT;
            case Types.FLOAT:
            case Types.DOUBLE:
                return DataType.DOUBLE;
            case Types.NUMERIC:
            case Types.DECIMAL:
                // an unconstrained NUMERIC reports precision 0 (or more than 38): no exact decimal type fits
                return precision >= 1 && precision <= DecimalType.MAX_PRECISION && scale >= 0 && scale <= precision
                        ? DataType.decimal(precision, scale) : null;
            case Types.CHAR:
            case Types.VARCHAR:
            case Types.LONGVARCHAR:
            case Types.NCHAR:
            case Types.NVARCHAR:
            case Types.LONGNVARCHAR:
            case Types.CLOB:
            case Types.NCLOB:
                return DataType.STRING;
            case Types.DATE:
                return DataType.DATE;
            case Types.TIMESTAMP:
            case Types.TIMESTAMP_WITH_TIMEZONE:
                return DataType.TIMESTAMP;
            case Types.BINARY:
            case Types.VARBINARY:
            case Types.LONGVARBINARY:
            case Types.BLOB:
                return DataType.BINARY;
            case Types.ARRAY: {
                DataType element = arrayElement(typeName);
                return element == null ? null : DataType.array(element);
            }
            default:
                return null;
        }
    }

    /** PostgreSQL names array types {@code _int4}; H2 {@code INTEGER ARRAY}. */
    private static DataType arrayElement(String typeName) {
        String element = typeName.startsWith("_") ? typeName.substring(1) : typeName.endsWith(" array") ? typeName.substring(0, typeName.length() - 6) : null;
        if (element == null) {
            return null;
        }
        return switch (element.replaceAll("\\(.*?\\)", "").trim()) {
            case "int2", "int4", "smallint", "integer", "tinyint" -> DataType.INT;
            case "int8", "bigint" -> DataType.LONG;
            case "float4", "real" -> DataType.FLOAT;
            case "float8", "double precision" -> DataType.DOUBLE;
            case "bool", "boolean" -> DataType.BOOLEAN;
            case "text", "varchar", "bpchar", "character varying", "uuid", "json", "jsonb" -> DataType.STRING;
            case "date" -> DataType.DATE;
            case "timestamp", "timestamptz", "timestamp with time zone" -> DataType.TIMESTAMP;
            default -> null;
        };
    }

    /**
     * @param rs a result set on a row
     * @param i the column, from 1
     * @param column how to read it
     * @return the value as the dataset type's Java class, or null
     * @throws SQLException when the driver fails
     */
    public static Object read(ResultSet rs, int i, Column column) throws SQLException {
        DataType type = column.type();
        Object value = switch (type.kind()) {
            case BOOLEAN -> rs.getBoolean(i);
            case INT -> rs.getInt(i);
            case LONG -> rs.getLong(i);
            case FLOAT -> rs.getFloat(i);
            case DOUBLE -> rs.getDouble(i);
            case DECIMAL -> {
                BigDecimal d = rs.getBigDecimal(i);
                yield d == null ? null : d.setScale(((DecimalType) type).scale());
            }
            case STRING -> rs.getString(i);
            case DATE -> rs.getObject(i, LocalDate.class);
            case TIMESTAMP -> {
                if (column.withTimeZone()) {
                    OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
                    yield t == null ? null : t.toInstant();
                }
                LocalDateTime t = rs.getObject(i, LocalDateTime.class);
                yield t == null ? null : t.toInstant(ZoneOffset.UTC); // timestamps without zone are read as UTC
            }
            case BINARY -> rs.getBytes(i);
            case ARRAY -> {
                Array a = rs.getArray(i);
                yield a == null ? null : elements((Object[]) a.getArray(), ((ArrayType) type).elementType(), column.withTimeZone());
            }
            default -> throw new IllegalStateException("unmapped kind " + type.kind());
        };
        return rs.wasNull() ? null : value;
    }

    private static List<Object> elements(Object[] values, DataType type, boolean withTimeZone) {
        List<Object> out = new ArrayList<>(values.length);
        for (Object v : values) {
            out.add(v == null ? null : element(v, type, withTimeZone));
        }
        return out;
    }

    private static Object element(Object v, DataType type, boolean withTimeZone) {
        return switch (type.kind()) {
            case INT -> ((Number) v).intValue();
            case LONG -> ((Number) v).longValue();
            case FLOAT -> ((Number) v).floatValue();
            case DOUBLE -> ((Number) v).doubleValue();
            case BOOLEAN -> (Boolean) v;
            case STRING -> v.toString();
            case DATE -> v instanceof Date d ? d.toLocalDate() : (LocalDate) v;
            case TIMESTAMP -> v instanceof Timestamp t ? (withTimeZone ? t.toInstant() : t.toLocalDateTime().toInstant(ZoneOffset.UTC))
                    : v instanceof OffsetDateTime o ? o.toInstant() : v instanceof Instant i ? i : ((LocalDateTime) v).toInstant(ZoneOffset.UTC);
            default -> v;
        };
    }
}
