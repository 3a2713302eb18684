package org.datasetexport;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Set;
import org.datasetexport.data.Row;
import org.datasetexport.data.Schema;
import org.datasetexport.spi.Format;
import org.datasetexport.spi.RecordWriter;

/** {@link TextLinesFormat} that runs a hook on the writing thread before each row (to record threads, MDC, or to hold writers). */
public final class HookedTextFormat implements Format {
    /** What runs before each row is written; may throw to fail the write. */
    public interface Hook {
        void beforeWrite() throws IOException;
    }

    private final Hook hook;

    public HookedTextFormat(Hook hook) {
        this.hook = hook;
    }

    @Override
    public String name() {
        return "text";
    }

    @Override
    public Set<Compression> supportedCompressions() {
        return Set.of(Compression.NONE);
    }

    @Override
    public String fileExtension(Compression compression) {
        return "txt";
    }

    @Override
    public RecordWriter open(Schema schema, OutputStream out, Compression compression) throws IOException {
        RecordWriter text = new TextLinesFormat().open(schema, out, compression);
        return new RecordWriter() {
            @Override
            public void write(Row row) throws IOException {
                hook.beforeWrite();
                text.write(row);
            }

            @Override
            public void close() throws IOException {
                text.close();
            }
        };
    }
}
