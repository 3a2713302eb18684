package org.datasetexport.spi;

import java.io.IOException;
import org.datasetexport.data.Row;

/**
 * Encodes rows into one file's byte stream. Used by one thread. The engine validates every row
 * against the schema before {@link #write}, so a writer may rely on the documented Java types.
 */
public interface RecordWriter extends AutoCloseable {

    /**
     * @param row a row that matches the schema the writer was opened with
     * @throws IOException when the underlying stream fails
     */
    void write(Row row) throws IOException;

    /**
     * An estimate of the encoded bytes this writer holds that have not reached the stream yet (a
     * buffered Parquet row group, say), in the stream's terms (after compression). The engine
     * adds it to the bytes already written when it decides to roll to the next file.
     *
     * @return buffered bytes; 0 (the default) when the writer buffers little
     */
    default long bufferedBytes() {
        return 0;
    }

    /**
     * Finishes the encoding (footer, compression trailer) and may close the stream. Closing never
     * publishes a file: only {@link StagedOutput#commit()} does.
     *
     * @throws IOException when the final bytes cannot be written
     */
    @Override
    void close() throws IOException;
}
