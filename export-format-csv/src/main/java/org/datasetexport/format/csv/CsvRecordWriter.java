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
    private boolean closed;

    CsvRecordWriter(CsvFormat format, Schema schema, OutputStream target) {
        this.fields = schema.fields();
        this.values = new CsvValues(format);
        this.target = target;
        this.nullText = new String(format.nullValue().toCharArray());
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
                header.writeField(f.name());
            }
            header.endRecord();
        }
    }

    @Override
    public void write(Row row) throws IOException {
        try {
            CsvWriter.CsvWriterRecord record = csv.writeRecord();
            for (int i = 0; i < fields.size(); i++) {
                Object value = row.get(i);
                // FastCSV writes a Java null as an empty unquoted cell; a non-empty null text goes as the marker instance
                record.writeField(value == null ? (nullText.isEmpty() ? null : nullText) : values.format(value, fields.get(i).type()));
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
