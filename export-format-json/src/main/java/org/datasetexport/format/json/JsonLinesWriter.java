package org.datasetexport.format.json;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import org.datasetexport.data.Row;
import org.datasetexport.data.Schema;
import org.datasetexport.data.StructType;
import org.datasetexport.spi.support.JsonValueWriter;
import org.datasetexport.spi.RecordWriter;

/** Writes one JSON Lines file; see {@link JsonLinesFormat} for the mapping ({@link JsonValueWriter} writes the values). */
final class JsonLinesWriter implements RecordWriter {
    private final StructType schema;
    private final JsonGenerator generator;
    private final JsonValueWriter values;
    private final OutputStream target;
    private boolean closed;

    JsonLinesWriter(Schema schema, JsonGenerator generator, OutputStream target) {
        this.schema = schema.asStruct();
        this.generator = generator;
        this.values = new JsonValueWriter(generator);
        this.target = target;
    }

    @Override
    public void write(Row row) throws IOException {
        values.writeStruct(row, schema);
        generator.writeRaw('\n');
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            generator.close(); // flushes; AUTO_CLOSE_TARGET is off so the trailer comes from target.close()
        } finally {
            target.close();
        }
    }
}
