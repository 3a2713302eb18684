package org.datasetexport.files;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.datasetexport.data.RowReader;
import org.datasetexport.data.Schema;

/**
 * Reads one file format for a {@link FileDataset}: implemented by the format modules
 * ({@code ParquetFiles.reader()}, {@code JsonLinesFiles.reader()}) and by users for their own
 * formats. Implementations are thread-safe; each {@link RowReader} is used by one thread.
 */
public interface FileFormatReader {

    /** @return a short name for messages ({@code parquet}, {@code json}) */
    String name();

    /**
     * @param path a listed file's path
     * @return whether this reader reads it (usually by extension); other files are ignored
     */
    boolean accepts(String path);

    /**
     * The schema a file carries, for formats that carry one (a Parquet footer).
     *
     * @param source the source
     * @param file one of its files
     * @return the schema, or empty when the format does not carry one (JSON Lines)
     * @throws IOException when the file cannot be read
     */
    Optional<Schema> schema(FileSource source, SourceFile file) throws IOException;

    /**
     * Streams a file's rows as {@code schema}; bad content is an
     * {@link org.datasetexport.ExportException} naming the file, the row and the field. A reader of
     * a format that carries a schema fails when the file's differs from {@code schema}.
     *
     * @param source the source
     * @param file one of its files
     * @param schema the dataset's schema
     * @return a reader positioned before the first row
     * @throws IOException when the file cannot be opened
     */
    RowReader read(FileSource source, SourceFile file, Schema schema) throws IOException;

    /**
     * Splits a file into parts that can be read independently, so that one large file still spreads
     * over a run's workers. Called only for local files when a run has more workers than files. The
     * default keeps the file whole.
     *
     * @param source the source
     * @param file one of its files
     * @param desired how many parts would keep the workers busy (at least 2)
     * @return the parts, covering the file once, in order; {@code [FilePart.WHOLE]} to keep it whole
     * @throws IOException when the file cannot be read
     */
    default List<FilePart> parts(FileSource source, SourceFile file, int desired) throws IOException {
        return List.of(FilePart.WHOLE);
    }

    /**
     * Streams the rows of one part from {@link #parts}; the default reads the whole file.
     *
     * @param source the source
     * @param file one of its files
     * @param part {@link FilePart#WHOLE} or a part this reader returned
     * @param schema the dataset's schema
     * @return a reader positioned before the part's first row
     * @throws IOException when the file cannot be opened
     */
    default RowReader read(FileSource source, SourceFile file, FilePart part, Schema schema) throws IOException {
        if (!part.whole()) {
            throw new UnsupportedOperationException(name() + " files are read whole");
        }
        return read(source, file, schema);
    }
}
