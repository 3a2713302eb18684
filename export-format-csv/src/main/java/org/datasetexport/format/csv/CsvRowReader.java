package org.datasetexport.format.csv;

import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.reader.CsvRecordHandler;
import de.siegmar.fastcsv.reader.FieldModifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
    private final InputStream in;
    private final String file;
    private final String where;
    private final List<Field> fields;
    private final CsvValues values;
    private final CsvReader<CsvRecord> csv;
    private final CloseableIterator<CsvRecord> records;
    /** The instance the field modifier returns for an unquoted null text: told apart by identity. */
    private final String nullMarker = new String("\u0000null");
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
    CsvRowReader(InputStream in, String file, long partStart, Schema schema, CsvFormat format, List<String> header) {
        this.in = in;
        this.file = file;
        this.where = partStart == 0 ? "" : " (counted from byte " + partStart + ")";
        this.fields = schema.fields();
        this.values = new CsvValues(format);
        String nullValue = format.nullValue();
        String marker = nullMarker;
        FieldModifier nulls = new FieldModifier() {
            @Override
            public String modify(long startingLineNumber, int fieldIdx, boolean quoted, String field) {
                return !quoted && field.equals(nullValue) ? marker : field;
            }
        };
        CsvRecordHandler handler = CsvRecordHandler.builder().fieldModifier(nulls).maxFieldSize(format.maxFieldSize())
                .maxRecordSize(format.maxRecordSize()).build();
        this.csv = CsvReader.builder().fieldSeparator(format.delimiter()).quoteCharacter(format.quote())
                .skipEmptyLines(false).allowExtraFields(false).allowMissingFields(false)
                .maxBufferSize(format.maxFieldSize() + 64 * 1024) // a field, plus room for the line around it
                .build(handler, in, StandardCharsets.UTF_8);
        this.records = csv.iterator();
        if (header != null) {
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
        CsvRecord record;
        try {
            if (!records.hasNext()) {
                if (columns == null) {
                    throw new ExportException("CSV file " + file + ": no header line (the format expects one; set header=false if the file has none)");
                }
                return null;
            }
            record = records.next();
            if (columns == null) {
                useColumns(columnsByName(record.getFields(), record.getStartingLineNumber()));
                return fetch();
            }
        } catch (CsvParseException e) {
            // FastCSV's messages name lines, indexes and limits, never the text
            throw new ExportException("CSV file " + file + where + ": " + e.getMessage()
                    + (e.getCause() != null ? ": " + e.getCause().getMessage() : ""), e);
        } catch (UncheckedIOException e) {
            throw new ExportException("CSV file " + file + ": reading failed after row " + rowNumber() + ": " + e.getCause().getMessage(), e);
        }
        if (record.getFieldCount() <= lastColumn) {
            throw failure(record, lastColumn, "the line has " + record.getFieldCount() + " columns, the schema needs " + (lastColumn + 1));
        }
        Object[] row = new Object[fields.size()];
        for (int i = 0; i < row.length; i++) {
            String text = record.getField(columns[i]);
            if (text == nullMarker) {
                continue;
            }
            try {
                row[i] = values.parse(text, fields.get(i).type());
            } catch (IllegalArgumentException e) {
                throw failure(record, columns[i], e.getMessage() + " in field \"" + fields.get(i).name() + "\"");
            }
        }
        return Row.wrap(row);
    }

    private int[] columnsByName(List<String> header, long line) {
        int[] cols = new int[fields.size()];
        for (int i = 0; i < cols.length; i++) {
            cols[i] = header.indexOf(fields.get(i).name());
            if (cols[i] < 0) {
                throw new ExportException("CSV file " + file + ", line " + line + " (header): no column \"" + fields.get(i).name()
                        + "\" for the schema's field of that name");
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

    private ExportException failure(CsvRecord record, int column, String problem) {
        return new ExportException("CSV file " + file + ", line " + record.getStartingLineNumber() + where + ", column " + (column + 1)
                + ": " + problem);
    }

    @Override
    public void close() {
        try {
            csv.close();
        } catch (IOException e) {
            throw new ExportException("CSV file " + file + ": closing failed: " + e.getMessage(), e);
        } finally {
            try {
                in.close();
            } catch (IOException ignored) {
                // already failing or done: nothing more to release
            }
        }
    }
}
