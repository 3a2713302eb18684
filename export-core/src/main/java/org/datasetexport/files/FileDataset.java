package org.datasetexport.files;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.datasetexport.ConfigurationException;
import org.datasetexport.ExportException;
import org.datasetexport.data.AbstractRowReader;
import org.datasetexport.data.DataType;
import org.datasetexport.data.Dataset;
import org.datasetexport.data.Field;
import org.datasetexport.data.Row;
import org.datasetexport.data.RowReader;
import org.datasetexport.data.ScanRequest;
import org.datasetexport.data.Schema;
import org.datasetexport.data.Split;
import org.datasetexport.data.TimeWindow;
import org.datasetexport.spi.StoragePaths;

/**
 * A folder of data files as a dataset: one split per file, read by a {@link FileFormatReader}.
 * With it an export re-exports or converts (JSON Lines to Parquet, one store to another).
 *
 * <pre>{@code
 * Dataset events = FileDataset.builder(FileSource.local(Path.of("lake/events")), ParquetFiles.reader())
 *         .id("events")
 *         .incrementalByModificationTime()   // or .ingestionColumn("ingested_at")
 *         .build();
 * }</pre>
 *
 * <p>Splits: one per file; when a run has more workers than files, local files are cut into
 * parts the format can read on their own (Parquet: ranges of row groups).
 *
 * <p>Schema: given with {@link Builder#schema(Schema)}, or read from the first file for formats
 * that carry one (Parquet); a file whose own schema differs fails the run naming the file.
 *
 * <p>Incremental: {@link Builder#incrementalByModificationTime()} selects files modified inside the
 * window (for folders that only gain files; local folders report modification times), or
 * {@link Builder#ingestionColumn(String)} selects rows by a timestamp column (every file is read
 * and filtered). A full export includes rows whose ingestion column is null; an incremental
 * window has no place for them and skips them. Without either, every run exports every file.
 * Thread-safe.
 */
public final class FileDataset implements Dataset {
    private final FileSource source;
    private final FileFormatReader reader;
    private final String id;
    private final Schema schema;
    private final int ingestionIndex;
    private final boolean byModificationTime;
    private final boolean manifestedOnly;

    private FileDataset(Builder b, Schema schema) {
        this.source = b.source;
        this.reader = b.reader;
        this.id = b.id;
        this.schema = schema;
        this.byModificationTime = b.byModificationTime;
        this.manifestedOnly = b.manifestedOnly;
        int index = -1;
        if (b.ingestionColumn != null) {
            List<Field> fields = schema.fields();
            for (int i = 0; i < fields.size(); i++) {
                if (fields.get(i).name().equals(b.ingestionColumn)) {
                    index = i;
                }
            }
            ConfigurationException.check(index >= 0, "dataset \"%s\": ingestionColumn \"%s\" is not a top-level field of %s",
                    id, b.ingestionColumn, schema.fields().stream().map(Field::name).toList());
            ConfigurationException.check(fields.get(index).type().equals(DataType.TIMESTAMP),
                    "dataset \"%s\": ingestionColumn \"%s\" is %s; it must be a timestamp", id, b.ingestionColumn, fields.get(index).type());
        }
        this.ingestionIndex = index;
    }

    /**
     * @param source where the files are
     * @param reader how to read them
     * @return a builder
     */
    public static Builder builder(FileSource source, FileFormatReader reader) {
        return new Builder(ConfigurationException.requireNonNull(source, "source"), ConfigurationException.requireNonNull(reader, "reader"));
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Schema schema() {
        return schema;
    }

    /** One file or part of one, filtered to the window when an ingestion column is set. */
    private record FileSplit(SourceFile file, FilePart part, TimeWindow window) implements Split {
        @Override
        public String description() {
            return "file " + file.path() + (part.whole() ? "" : " part [" + part.from() + ", " + part.to() + ")");
        }
    }

    /** @return true with {@code incrementalByModificationTime()} or an {@code ingestionColumn} */
    @Override
    public boolean hasIngestionTime() {
        return byModificationTime || ingestionIndex >= 0;
    }

    @Override
    public List<FileSplit> plan(ScanRequest request) {
        List<FileSplit> splits = new ArrayList<>();
        try {
            List<SourceFile> files = new ArrayList<>();
            for (SourceFile file : manifestedOnly ? source.listManifested() : source.list()) {
                if (reader.accepts(file.path())
                        && (!byModificationTime || request.window().contains(file.modified().orElseThrow()))) {
                    files.add(file);
                }
            }
            // fewer files than workers: let the format cut local files into parts (Parquet row groups)
            int perFile = files.isEmpty() ? 1 : -Math.floorDiv(-request.desiredSplits(), files.size());
            for (SourceFile file : files) {
                List<FilePart> parts = perFile > 1 && source.isLocal()
                        ? reader.parts(source, file, perFile) : List.of(FilePart.WHOLE);
                for (FilePart part : parts) {
                    splits.add(new FileSplit(file, part, request.window()));
                }
            }
        } catch (IOException e) {
            throw new ExportException("dataset \"" + id + "\": cannot list " + source + ": " + e.getMessage(), e);
        }
        return splits;
    }

    @Override
    public RowReader read(Split split) {
        if (!(split instanceof FileSplit f)) {
            throw new ConfigurationException("split " + split + " was not planned by dataset \"" + id + "\"");
        }
        try {
            RowReader rows = reader.read(source, f.file(), f.part(), schema);
            return new FileRows(rows, ingestionIndex, f.window(), "dataset \"" + id + "\": ");
        } catch (IOException | RuntimeException e) {
            throw new ExportException("dataset \"" + id + "\": cannot read file " + f.file().path() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Names the dataset in the reader's errors and, with an ingestion column, passes only the rows
     * inside the window (a null time passes only a full window).
     */
    private static final class FileRows extends AbstractRowReader {
        private final RowReader rows;
        private final int index;
        private final TimeWindow window;
        private final String context;

        FileRows(RowReader rows, int index, TimeWindow window, String context) {
            this.rows = rows;
            this.index = index;
            this.window = window;
            this.context = context;
        }

        @Override
        protected Row fetch() {
            try {
                while (rows.hasNext()) {
                    Row row = rows.next();
                    Instant at = index < 0 ? null : (Instant) row.get(index);
                    if (index < 0 || (at == null ? window.from().isEmpty() : window.contains(at))) {
                        return row;
                    }
                }
                return null;
            } catch (RuntimeException e) {
                throw new ExportException(context + e.getMessage(), e);
            }
        }

        /** The file's own row number, so messages point into the file. */
        @Override
        public long rowNumber() {
            return rows.rowNumber();
        }

        @Override
        public void close() {
            rows.close();
        }
    }

    @Override
    public String toString() {
        return "FileDataset[" + id + ", " + reader.name() + " files in " + source + "]";
    }

    /** Builds a {@link FileDataset}. Not thread-safe. */
    public static final class Builder {
        private final FileSource source;
        private final FileFormatReader reader;
        private String id;
        private Schema schema;
        private String ingestionColumn;
        private boolean byModificationTime;
        private boolean manifestedOnly;

        private Builder(FileSource source, FileFormatReader reader) {
            this.source = source;
            this.reader = reader;
        }

        /**
         * @param id the dataset id (letters, digits, {@code . _ = -})
         * @return this builder
         */
        public Builder id(String id) {
            this.id = StoragePaths.requireValidSegment(id, "dataset id");
            return this;
        }

        /**
         * @param schema the rows' schema; required for formats that carry none (JSON Lines)
         * @return this builder
         */
        public Builder schema(Schema schema) {
            this.schema = ConfigurationException.requireNonNull(schema, "schema");
            return this;
        }

        /**
         * @param column a top-level timestamp field holding each row's ingestion or update time
         * @return this builder
         */
        public Builder ingestionColumn(String column) {
            this.ingestionColumn = ConfigurationException.requireNonNull(column, "ingestionColumn");
            return this;
        }

        /**
         * Selects, for each window, the files last modified inside it (for folders that only gain files).
         *
         * @return this builder
         */
        public Builder incrementalByModificationTime() {
            this.byModificationTime = true;
            return this;
        }

        /**
         * Reads only the data files a manifest in their folder lists (see
         * {@link FileSource#listManifested()}): over folders this SDK exported to, a consumer then
         * sees each completed run's rows once, and never the files of a run that crashed or is still
         * writing.
         *
         * @return this builder
         */
        public Builder manifestedOnly() {
            this.manifestedOnly = true;
            return this;
        }

        /**
         * @return the dataset
         * @throws ConfigurationException when settings are missing or contradict, or no schema is known
         */
        public FileDataset build() {
            ConfigurationException.check(id != null, "a file dataset needs an id");
            ConfigurationException.check(!(byModificationTime && ingestionColumn != null),
                    "dataset \"%s\": choose incrementalByModificationTime() or ingestionColumn(...), not both", id);
            ConfigurationException.check(!byModificationTime || source.isLocal(),
                    "dataset \"%s\": %s does not report modification times; use ingestionColumn(...)", id, source);
            Schema s = schema;
            if (s == null) {
                try {
                    SourceFile first = (manifestedOnly ? source.listManifested() : source.list()).stream()
                            .filter(f -> reader.accepts(f.path())).findFirst()
                            .orElseThrow(() -> new ConfigurationException("dataset \"" + id + "\": no " + reader.name()
                                    + " file in " + source + " to read the schema from; give schema(...)"));
                    s = reader.schema(source, first).orElseThrow(() -> new ConfigurationException("dataset \"" + id + "\": "
                            + reader.name() + " files carry no schema; give schema(...)"));
                } catch (IOException e) {
                    throw new ConfigurationException("dataset \"" + id + "\": cannot read the schema from " + source + ": " + e.getMessage(), e);
                }
            }
            return new FileDataset(this, s);
        }
    }
}
