package org.datasetexport.internal.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.datasetexport.ExportException;
import org.datasetexport.data.AbstractRowReader;
import org.datasetexport.data.Row;

/** Streams the rows of one split's result set; closing ends the read-only transaction and releases the connection. */
public final class JdbcRowReader extends AbstractRowReader {
    private final String datasetId;
    private final List<JdbcTypes.Column> columns;
    private final Connection connection;
    private final Statement statement;
    private final ResultSet rs;

    /**
     * @param datasetId for error messages
     * @param columns how to read each column
     * @param connection the split's own connection (closed with the reader)
     * @param statement its statement (closed with the reader)
     * @param rs the result set (closed with the reader)
     */
    public JdbcRowReader(String datasetId, List<JdbcTypes.Column> columns, Connection connection, Statement statement,
                         ResultSet rs) {
        this.datasetId = datasetId;
        this.columns = columns;
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
            return Row.wrap(values); // a fresh array per row, handed over
        } catch (SQLException e) {
            throw new ExportException("dataset \"" + datasetId + "\": reading row " + (rowNumber() + 1) + " failed: "
                    + e.getMessage(), e);
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
