package org.datasetexport.format.json;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.datasetexport.ConfigurationException;
import org.datasetexport.data.RowReader;
import org.datasetexport.data.Schema;
import org.datasetexport.files.FileFormatReader;
import org.datasetexport.files.FileSource;
import org.datasetexport.files.SourceFile;
import org.datasetexport.spi.CompressionStreams;

/**
 * Reads JSON Lines files for a {@link org.datasetexport.files.FileDataset}: {@code .json},
 * {@code .jsonl} or {@code .ndjson}, plain or with {@code .gz} / {@code .zst} compression (by
 * extension), one object per line, in the mapping this module writes (see the module README).
 * JSON carries no schema, so the dataset is given one.
 *
 * <pre>{@code
 * Dataset events = FileDataset.builder(FileSource.local(Path.of("landing/events")), JsonLinesFiles.reader())
 *         .id("events").schema(schema).build();
 * DatasetExport.from(events).to("file:///lake").format("parquet").run();   // JSON Lines -> Parquet
 * }</pre>
 *
 * <p>Reading streams one line at a time; {@link JsonReadLimits} bound what one record may hold. Keys the schema does not name are ignored; a missing key
 * is null; a value of the wrong type fails the run with the file, line and field.
 */
public final class JsonLinesFiles {
    private static final FileFormatReader READER = create(JsonReadLimits.defaults());

    private static FileFormatReader create(JsonReadLimits limits) {
        return new FileFormatReader() {
            @Override
            public String name() {
                return "json";
            }

            @Override
            public boolean accepts(String path) {
                String p = CompressionStreams.withoutCompressionSuffix(path);
                return p.endsWith(".json") || p.endsWith(".jsonl") || p.endsWith(".ndjson");
            }

            @Override
            public Optional<Schema> schema(FileSource source, SourceFile file) {
                return Optional.empty();
            }

            @Override
            public RowReader read(FileSource source, SourceFile file, Schema schema) throws IOException {
                InputStream in = source.open(file);
                try {
                    return new JsonLinesReader(CompressionStreams.unwrap(in, CompressionStreams.forFileName(file.path())), file.path(), schema,
                            limits);
                } catch (IOException | RuntimeException e) {
                    in.close();
                    throw e;
                }
            }

            @Override
            public String toString() {
                return "JsonLinesFiles.reader(" + limits + ")";
            }
        };
    }

    private JsonLinesFiles() {
    }

    /** @return the reader of JSON Lines files, with {@link JsonReadLimits#defaults()} */
    public static FileFormatReader reader() {
        return READER;
    }

    /**
     * @param limits how much one record may hold
     * @return a reader of JSON Lines files with those limits
     * @throws ConfigurationException when null
     */
    public static FileFormatReader reader(JsonReadLimits limits) {
        return create(ConfigurationException.requireNonNull(limits, "limits"));
    }
}
