package org.datasetexport.format.parquet;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.datasetexport.data.RowReader;
import org.datasetexport.data.Schema;
import org.datasetexport.files.FileFormatReader;
import org.datasetexport.files.FilePart;
import org.datasetexport.files.FileSource;
import org.datasetexport.files.SourceFile;
import org.datasetexport.format.parquet.internal.ParquetFileRows;

/**
 * Reads Parquet files for a {@link org.datasetexport.files.FileDataset}: folders written by this
 * SDK (the schema comes back exactly, from the footer's {@value RowWriteSupport#SCHEMA_METADATA_KEY}
 * entry) or by other tools (the schema is derived from the Parquet types; see the module README).
 *
 * <pre>{@code
 * Dataset events = FileDataset.builder(FileSource.local(Path.of("lake/events")), ParquetFiles.reader())
 *         .id("events").build();
 * DatasetExport.from(events).to("file:///exports").format("json").run();   // Parquet -> JSON Lines
 * }</pre>
 *
 * <p>Splits: one per file; when a run has more workers than files, a local file with several row
 * groups is read as that many ranges of row groups at most. Memory: one row group of one file per
 * reading worker. Files in a local folder are read in place;
 * files on a store are first copied to a temporary file (Parquet needs random access) that is
 * deleted when the file has been read.
 */
public final class ParquetFiles {
    private static final FileFormatReader READER = new FileFormatReader() {
        @Override
        public String name() {
            return "parquet";
        }

        @Override
        public boolean accepts(String path) {
            return path.endsWith(".parquet");
        }

        @Override
        public Optional<Schema> schema(FileSource source, SourceFile file) throws IOException {
            try (FileSource.LocalCopy copy = source.localCopy(file)) {
                return Optional.of(ParquetFileRows.schema(copy.path(), file.path()));
            }
        }

        @Override
        public RowReader read(FileSource source, SourceFile file, Schema schema) throws IOException {
            return read(source, file, FilePart.WHOLE, schema);
        }

        /** Ranges of row groups, as even as the row-group count allows. */
        @Override
        public List<FilePart> parts(FileSource source, SourceFile file, int desired) throws IOException {
            int groups;
            try (FileSource.LocalCopy copy = source.localCopy(file)) {
                groups = ParquetFileRows.rowGroups(copy.path());
            }
            int count = Math.min(desired, groups);
            if (count <= 1) {
                return List.of(FilePart.WHOLE);
            }
            List<FilePart> parts = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                parts.add(new FilePart((long) groups * i / count, (long) groups * (i + 1) / count));
            }
            return parts;
        }

        @Override
        public RowReader read(FileSource source, SourceFile file, FilePart part, Schema schema) throws IOException {
            FileSource.LocalCopy copy = source.localCopy(file);
            try {
                return new ParquetFileRows(copy, file.path(), schema, part);
            } catch (IOException | RuntimeException e) {
                copy.close();
                throw e;
            }
        }

        @Override
        public String toString() {
            return "ParquetFiles.reader()";
        }
    };

    private ParquetFiles() {
    }

    /** @return the reader of {@code *.parquet} files */
    public static FileFormatReader reader() {
        return READER;
    }
}
