package org.datasetexport.format.csv;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.datasetexport.Compression;
import org.datasetexport.ConfigurationException;
import org.datasetexport.ExportException;
import org.datasetexport.data.RowReader;
import org.datasetexport.data.Schema;
import org.datasetexport.files.FileFormatReader;
import org.datasetexport.files.FilePart;
import org.datasetexport.files.FileSource;
import org.datasetexport.files.SourceFile;
import org.datasetexport.spi.CompressionStreams;

/**
 * Reads CSV files for a {@link org.datasetexport.files.FileDataset}: {@code .csv}, plain or with
 * {@code .gz} / {@code .zst} compression (by extension), in the settings of a {@link CsvFormat}
 * (delimiter, quote, header, null text, formula escaping, timestamp pattern, limits). CSV carries no
 * types, so the dataset is given a schema; columns are matched by header name (or by position
 * without a header), other columns are ignored, and each value is parsed exactly into its field's
 * type. A bad value fails the run naming the file, line, column and field.
 *
 * <pre>{@code
 * Dataset orders = FileDataset.builder(FileSource.local(Path.of("landing/orders")), CsvFiles.reader())
 *         .id("orders").schema(schema).build();
 * DatasetExport.from(orders).to("file:///lake").format("parquet").parallelism(4).run();   // CSV -> Parquet
 * }</pre>
 *
 * <p>With {@code multilineValues(false)} (no quoted value holds a line break), a large
 * uncompressed local file is split into byte ranges aligned to line starts, so several workers
 * read one file; each line belongs to exactly one range.
 */
public final class CsvFiles {
    /** Files smaller than this are read whole: splitting them costs more than it saves. */
    static final long MIN_PART_BYTES = 4L * 1024 * 1024;

    private CsvFiles() {
    }

    /** @return the reader of CSV files in the default settings of {@link CsvFormat#create()} */
    public static FileFormatReader reader() {
        return reader(CsvFormat.create());
    }

    /**
     * @param format the settings the files were written with
     * @return a reader of such CSV files
     * @throws ConfigurationException when null
     */
    public static FileFormatReader reader(CsvFormat format) {
        ConfigurationException.requireNonNull(format, "format");
        return new FileFormatReader() {
            @Override
            public String name() {
                return "csv";
            }

            @Override
            public boolean accepts(String path) {
                return CompressionStreams.withoutCompressionSuffix(path).endsWith(".csv");
            }

            @Override
            public Optional<Schema> schema(FileSource source, SourceFile file) {
                return Optional.empty();
            }

            @Override
            public RowReader read(FileSource source, SourceFile file, Schema schema) throws IOException {
                InputStream in = source.open(file);
                try {
                    return new CsvRowReader(CompressionStreams.unwrap(in, CompressionStreams.forFileName(file.path())), file.path(), 0,
                            schema, format, null);
                } catch (IOException | RuntimeException e) {
                    in.close();
                    throw e;
                }
            }

            @Override
            public List<FilePart> parts(FileSource source, SourceFile file, int desired) {
                if (format.multilineValues() || CompressionStreams.forFileName(file.path()) != Compression.NONE
                        || file.size() < 2 * MIN_PART_BYTES) {
                    return List.of(FilePart.WHOLE);
                }
                int count = (int) Math.min(desired, file.size() / MIN_PART_BYTES);
                List<FilePart> parts = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    parts.add(new FilePart(file.size() * i / count, file.size() * (i + 1) / count));
                }
                return parts;
            }

            @Override
            public RowReader read(FileSource source, SourceFile file, FilePart part, Schema schema) throws IOException {
                if (part.whole()) {
                    return read(source, file, schema);
                }
                FileSource.LocalCopy copy = source.localCopy(file);
                FileChannel channel = null;
                try {
                    channel = FileChannel.open(copy.path(), StandardOpenOption.READ);
                    List<String> header = part.from() > 0 && format.header() ? header(channel, file.path()) : null;
                    InputStream range = new BufferedInputStream(new LineRange(channel, part.from(), part.to(), copy), 64 * 1024);
                    return new CsvRowReader(range, file.path(), part.from(), schema, format, header);
                } catch (IOException | RuntimeException e) {
                    if (channel != null) {
                        channel.close();
                    }
                    copy.close();
                    throw e;
                }
            }

            /** The column names of the file's first line, for a range that starts after it. */
            private List<String> header(FileChannel channel, String path) throws IOException {
                try (CsvParser csv = new CsvParser(new LineRange(channel, 0, 1, null), path, "", format, true)) {
                    if (csv.next()) {
                        return CsvRowReader.headerNames(List.copyOf(csv.fields()), format.formulaEscape());
                    }
                }
                throw new ExportException("CSV file " + path + ": no header line");
            }

            @Override
            public String toString() {
                return "CsvFiles.reader(" + format + ")";
            }
        };
    }

    /**
     * The bytes of the lines that start in {@code [from, to)}: a range starting inside a line skips
     * to the next line start (the previous range reads that line whole), and the last line read
     * runs past {@code to} to its end. So every line of the file is in exactly one range.
     */
    static final class LineRange extends InputStream {
        private final FileChannel channel;
        private final long to;
        private final AutoCloseable owner;
        private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        private long position;
        private boolean atLineStart = true;
        private boolean done;
        private final byte[] one = new byte[1];

        /**
         * @param owner closed with the channel when this stream is closed; null to leave the channel open
         */
        LineRange(FileChannel channel, long from, long to, AutoCloseable owner) throws IOException {
            this.channel = channel;
            this.to = to;
            this.owner = owner;
            this.position = from;
            buffer.limit(0);
            if (from > 0) {
                // the line holding byte from-1 belongs to the previous range: start after its end
                position = from - 1;
                while (true) {
                    if (!fill()) {
                        done = true;
                        break;
                    }
                    position++;
                    if (buffer.get() == '\n') {
                        break;
                    }
                }
            }
        }

        /** @return false at the end of the file */
        private boolean fill() throws IOException {
            if (buffer.hasRemaining()) {
                return true;
            }
            buffer.clear();
            int n = channel.read(buffer, position);
            buffer.flip();
            return n > 0;
        }

        @Override
        public int read() throws IOException {
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = 0;
            while (n < len && !done) {
                if (atLineStart && position >= to) {
                    done = true;
                } else if (!fill()) {
                    done = true;
                } else if (position < to) {
                    // every line starting here starts before to: copy in bulk up to to
                    int chunk = (int) Math.min(Math.min(len - n, buffer.remaining()), to - position);
                    buffer.get(b, off + n, chunk);
                    n += chunk;
                    position += chunk;
                    atLineStart = b[off + n - 1] == '\n';
                } else {
                    // past to, inside the range's last line: up to and including its line break
                    byte c = buffer.get();
                    position++;
                    b[off + n++] = c;
                    atLineStart = c == '\n';
                }
            }
            return n == 0 && len > 0 ? -1 : n;
        }

        @Override
        public void close() throws IOException {
            if (owner == null) {
                return;
            }
            try (AutoCloseable o = owner) {
                channel.close();
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e);
            }
        }
    }
}
