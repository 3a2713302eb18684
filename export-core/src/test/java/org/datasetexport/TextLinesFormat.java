package org.datasetexport;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;
import org.datasetexport.data.Row;
import org.datasetexport.data.Schema;
import org.datasetexport.spi.CompressionStreams;
import org.datasetexport.spi.Format;
import org.datasetexport.spi.RecordWriter;

/** A trivial format for engine tests in core (the real formats live in their own modules): one Row.toString() per line. */
public final class TextLinesFormat implements Format {
    @Override
    public String name() {
        return "text";
    }

    @Override
    public Set<Compression> supportedCompressions() {
        return EnumSet.of(Compression.NONE, Compression.GZIP);
    }

    @Override
    public String fileExtension(Compression compression) {
        return compression == Compression.GZIP ? "txt.gz" : "txt";
    }

    @Override
    public RecordWriter open(Schema schema, OutputStream out, Compression compression) throws IOException {
        OutputStream target = CompressionStreams.wrap(out, compression);
        return new RecordWriter() {
            @Override
            public void write(Row row) throws IOException {
                target.write((row + "\n").getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public void close() throws IOException {
                target.close();
            }
        };
    }
}
