package org.datasetexport.internal.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Finds a table's single-column primary key, the default split key of a JDBC table dataset. */
public final class PrimaryKeys {
    private PrimaryKeys() {
    }

    /**
     * Looks the key up in {@code DatabaseMetaData} under the names as given, then as the database
     * stores unquoted names; the connection's current schema when the table name has none.
     *
     * @param c a connection
     * @param table the table name, optionally schema-qualified
     * @return the key column when the primary key has exactly one column
     * @throws SQLException when the metadata cannot be read
     */
    public static Optional<String> singleColumn(Connection c, String table) throws SQLException {
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
}
