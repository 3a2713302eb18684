package org.datasetexport.format.csv;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import de.siegmar.fastcsv.writer.QuoteStrategy;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.datasetexport.ExportException;
import org.datasetexport.data.Field;
import org.datasetexport.data.Row;
import org.datasetexport.data.Schema;
import org.datasetexport.spi.RecordWriter;

/** Writes one CSV file; see {@link CsvFormat} for the mapping. */
final class CsvRecordWriter implements RecordWriter {
    private final List<Field> fields;
    private final CsvValues values;
    private final CsvWriter csv;
    private final OutputStream target;
    /** The one instance written for nulls: the quote strategy tells it from an equal string by identity. */
    private final String nullText;
    private final int maxFieldSize;
    private final int maxRecordSize;
    private final String[] cells;
    private final boolean multilineValues;
    private boolean closed;

    CsvRecordWriter(CsvFormat format, Schema schema, OutputStream target) {
        this.fields = schema.fields();
        this.values = new CsvValues(format);
        this.target = target;
        this.nullText = new String(format.nullValue().toCharArray());
        this.maxFieldSize = format.maxFieldSize();
        this.maxRecordSize = format.maxRecordSize();
        this.cells = new String[fields.size()];
        this.multilineValues = format.multilineValues();
        String nullValue = format.nullValue();
        String marker = nullText;
        QuoteStrategy quoting = new QuoteStrategy() {
            @Override
            public boolean quoteEmpty(int lineNo, int fieldIdx) {
                return true; // an empty string is "", never confused with a null
            }

            @Override
            public boolean quoteValue(int lineNo, int fieldIdx, String value) {
                return value != marker && value.equals(nullValue); // a string that reads like the null text
            }
        };
        this.csv = CsvWriter.builder().fieldSeparator(format.delimiter()).quoteCharacter(format.quote())
                .lineDelimiter(format.lineEnding() == CsvFormat.LineEnding.CRLF ? LineDelimiter.CRLF : LineDelimiter.LF)
                .quoteStrategy(quoting)
                .build(new OutputStreamWriter(new KeepOpen(target), StandardCharsets.UTF_8));
        if (format.header()) {
            CsvWriter.CsvWriterRecord header = csv.writeRecord();
            for (Field f : fields) {
                // a field name (a JDBC alias, a Parquet footer's column) reaches a spreadsheet like any cell
                header.writeField(format.formulaEscape() ? CsvValues.escapeFormula(f.name()) : f.name());
            }
            header.endRecord();
        }
    }

    @Override
    public void write(Row row) throws IOException {
        try {
            // the cells first, checked against the limits the format's reader applies, so what is written reads back
            long recordChars = 0;
            for (int i = 0; i < fields.size(); i++) {
                Object value = row.get(i);
                String text = value == null ? null : values.format(value, fields.get(i).type());
                if (text != null && text.length() > maxFieldSize) {
                    throw new ExportException("CSV: field \"" + fields.get(i).name() + "\" holds a value of " + text.length()
                            + " characters, more than the format's maxFieldSize (" + maxFieldSize + ") its reader accepts; "
                            + "raise maxFieldSize to write it");
                }
                if (!multilineValues && text != null && (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0)) {
                    throw new ExportException("CSV: field \"" + fields.get(i).name() + "\" holds a line break, but the format says "
                            + "values hold none (multilineValues(false)), so its reader would refuse the file; write it with multilineValues(true)");
                }
                recordChars += text == null ? nullText.length() : text.length();
                cells[i] = text;
            }
            if (recordChars > maxRecordSize) {
                throw new ExportException("CSV: a record of " + recordChars + " characters, more than the format's maxRecordSize ("
                        + maxRecordSize + ") its reader accepts; raise maxRecordSize to write it");
            }
            CsvWriter.CsvWriterRecord record = csv.writeRecord();
            for (int i = 0; i < cells.length; i++) {
                // FastCSV writes a Java null as an empty unquoted cell; a non-empty null text goes as the marker instance
                record.writeField(cells[i] == null ? (nullText.isEmpty() ? null : nullText) : cells[i]);
                cells[i] = null;
            }
            record.endRecord();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** FastCSV closes what it writes to; the target is closed here, once, after the writer's last flush. */
    private static final class KeepOpen extends OutputStream {
        private final OutputStream out;

        KeepOpen(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            csv.close();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            target.close();
        }
    }
}
