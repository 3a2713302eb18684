package org.datasetexport.format.csv;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.datasetexport.ExportException;
import org.datasetexport.data.AbstractRowReader;
import org.datasetexport.data.Field;
import org.datasetexport.data.Row;
import org.datasetexport.data.Schema;

/**
 * Streams one CSV file (or one line-aligned byte range of it) as rows of the schema. Columns are
 * matched by header name, or by position without a header. Every failure names the file, the line
 * (counted from the part's first byte for a byte range), the column and the field — never the
 * cell's text, which may be personal data.
 */
final class CsvRowReader extends AbstractRowReader {
    private final String file;
    private final String where;
    private final List<Field> fields;
    private final CsvValues values;
    private final CsvParser csv;
    private final String nullValue;
    private final boolean formulaEscape;
    private final CsvFormat format;
    /** Columns every line has: the header's, or without one the first line's; -1 until known. */
    private int width = -1;
    private int[] columns;
    /** The highest column the schema reads: a shorter line is refused. */
    private int lastColumn;

    /**
     * @param in the decompressed bytes
     * @param file the file's path, for messages
     * @param partStart the byte the part starts at (0 for a whole file), for messages
     * @param header the header's column names when the stream does not start with it (a later
     *               byte range), else null
     */
    CsvRowReader(InputStream in, String file, long partStart, Schema schema, CsvFormat format, List<String> header) throws IOException {
        this.file = file;
        this.where = partStart == 0 ? "" : " (counted from byte " + partStart + ")";
        this.fields = schema.fields();
        this.values = new CsvValues(format);
        this.nullValue = format.nullValue();
        this.formulaEscape = format.formulaEscape();
        // a byte-order mark can only be a file's first bytes: a range starting later has none
        this.csv = new CsvParser(in, file, where, format, partStart == 0);
        this.format = format;
        if (header != null) {
            width = header.size();
            useColumns(columnsByName(header, 0));
        } else if (!format.header()) {
            int[] positions = new int[fields.size()];
            for (int i = 0; i < positions.length; i++) {
                positions[i] = i;
            }
            useColumns(positions);
        }
    }

    @Override
    protected Row fetch() {
        try {
            if (!csv.next()) {
                if (columns == null) {
                    throw new ExportException("CSV file " + file + ": no header line (the format expects one; set header=false if the file has none)");
                }
                return null;
            }
        } catch (IOException e) {
            throw new ExportException("CSV file " + file + ": reading failed after row " + rowNumber() + ": " + e.getMessage(), e);
        }
        List<String> record = csv.fields();
        if (columns == null) {
            width = record.size();
            useColumns(columnsByName(headerNames(record, formulaEscape), csv.recordLine()));
            return fetch();
        }
        if (width < 0) {
            width = record.size(); // no header: the first line sets the width
        }
        if (record.size() != width) {
            throw failure(Math.min(record.size(), width), "the line has " + record.size() + " columns, the "
                    + (format.header() ? "header " : "first line ") + width);
        }
        if (record.size() <= lastColumn) {
            throw failure(lastColumn, "the line has " + record.size() + " columns, the schema needs " + (lastColumn + 1));
        }
        Object[] row = new Object[fields.size()];
        for (int i = 0; i < row.length; i++) {
            int column = columns[i];
            String text = record.get(column);
            if (!csv.quoted(column) && text.equals(nullValue)) {
                continue;
            }
            try {
                row[i] = values.parse(text, fields.get(i).type());
            } catch (IllegalArgumentException e) {
                throw failure(column, e.getMessage() + " in field \"" + fields.get(i).name() + "\"");
            }
        }
        return Row.wrap(row);
    }

    /** The header's names as the writer had them: it escapes a name a spreadsheet would run as a formula, like a cell. */
    static List<String> headerNames(List<String> cells, boolean formulaEscape) {
        List<String> names = new java.util.ArrayList<>(cells.size());
        for (String cell : cells) {
            names.add(formulaEscape ? CsvValues.unescapeFormula(cell) : cell);
        }
        return names;
    }

    private int[] columnsByName(List<String> header, long line) {
        int[] cols = new int[fields.size()];
        for (int i = 0; i < cols.length; i++) {
            String name = fields.get(i).name();
            cols[i] = header.indexOf(name);
            if (cols[i] < 0) {
                throw new ExportException("CSV file " + file + ", line " + line + " (header): no column \"" + name
                        + "\" for the schema's field of that name");
            }
            int again = header.lastIndexOf(name);
            if (again != cols[i]) {
                throw new ExportException("CSV file " + file + ", line " + line + " (header), column " + (again + 1) + ": the column \""
                        + name + "\" appears twice (also column " + (cols[i] + 1) + "), so which one the field reads is ambiguous");
            }
        }
        return cols;
    }

    private void useColumns(int[] cols) {
        columns = cols;
        lastColumn = -1;
        for (int c : cols) {
            lastColumn = Math.max(lastColumn, c);
        }
    }

    private ExportException failure(int column, String problem) {
        return new ExportException("CSV file " + file + ", line " + csv.recordLine() + where + ", column " + (column + 1)
                + ": " + problem);
    }

    @Override
    public void close() {
        try {
            csv.close();
        } catch (IOException e) {
            throw new ExportException("CSV file " + file + ": closing failed: " + e.getMessage(), e);
        }
    }
}
