package org.datasetexport.format.parquet.internal;

import java.io.IOException;
import java.util.Map;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.schema.MessageType;
import org.datasetexport.data.Row;
import org.datasetexport.data.Schema;

/**
 * The direct path: rows shredded by {@link RowShredder} into parquet-mr's column writers, row
 * groups flushed through parquet-mr's page store and file writer. It replaces only what sits
 * above the column writers in {@code ParquetWriter} (the {@code RecordConsumer} and its
 * {@code MessageColumnIO}); pages, dictionaries, statistics, column and offset indexes, the footer
 * and the row-group sizing rule are parquet-mr's, with the same properties as the stock path.
 */
final class DirectFileWriter implements ParquetRecordWriter.RowSink {
    private final MessageType type;
    private final Schema schema;
    private final ParquetProperties properties;
    private final ParquetFileWriter fileWriter;
    private final BytesInputCompressor compressor;
    private final Map<String, String> metadata;
    private final long rowGroupSize;

    private ColumnChunkPageWriteStore pageStore;
    private ColumnWriteStore columnStore;
    private RowShredder shredder;
    private long rowsInGroup;
    private long nextCheck;
    private long nextRowGroupSize;
    private long lastRowGroupEnd;
    private boolean failed;

    DirectFileWriter(OutputFile file, Schema schema, CompressionCodecFactory codecs, CompressionCodecName codec,
                     long rowGroupSize, int pageSize, Map<String, String> metadata) throws IOException {
        this.schema = schema;
        this.type = ParquetSchemas.messageType(schema);
        this.rowGroupSize = rowGroupSize;
        this.nextRowGroupSize = rowGroupSize;
        this.metadata = metadata;
        this.properties = ParquetProperties.builder()
                .withPageSize(pageSize)
                .withDictionaryPageSize(pageSize)
                .withValuesWriterFactory(new DirectValuesWriterFactory())
                .build();
        this.compressor = codecs.getCompressor(codec);
        this.fileWriter = new ParquetFileWriter(file, type, ParquetFileWriter.Mode.CREATE, rowGroupSize,
                ParquetWriter.MAX_PADDING_SIZE_DEFAULT, null, properties);
        fileWriter.start();
        startRowGroup();
    }

    private void startRowGroup() {
        pageStore = ColumnChunkPageWriteStore.builder()
                .withSchema(type)
                .withAllocator(properties.getAllocator())
                .withColumnIndexTruncateLength(properties.getColumnIndexTruncateLength())
                .withPageWriteChecksumEnabled(properties.getPageWriteChecksumEnabled())
                .withCompressorProvider(column -> compressor)
                .build();
        columnStore = properties.newColumnWriteStore(type, pageStore, pageStore);
        shredder = new RowShredder(schema, type, columnStore);
        rowsInGroup = 0;
        nextCheck = properties.getMinRowCountForPageSizeCheck();
    }

    @Override
    public void write(Row row) throws IOException {
        if (failed) {
            throw new IOException("the Parquet writer failed before and cannot take more rows");
        }
        try {
            shredder.write(row);
            rowsInGroup++;
            if (rowsInGroup >= properties.getRowGroupRowCountLimit()) {
                flushRowGroup();
                startRowGroup();
            } else if (rowsInGroup >= nextCheck) {
                checkRowGroupSize();
            }
        } catch (IOException | RuntimeException | Error e) {
            failed = true;
            throw e;
        }
    }

    /**
     * parquet-mr's rule, kept exactly so both paths cut row groups at the same rows: flush within
     * about two rows of the limit, else check again halfway (a new row group checks first after the
     * minimum row count, which {@link #startRowGroup} sets).
     */
    private void checkRowGroupSize() throws IOException {
        long buffered = columnStore.getBufferedSize();
        long rowSize = buffered / rowsInGroup;
        long min = properties.getMinRowCountForPageSizeCheck();
        long max = properties.getMaxRowCountForPageSizeCheck();
        if (buffered > nextRowGroupSize - 2 * rowSize) {
            flushRowGroup();
            startRowGroup();
        } else {
            // float division as parquet-mr does it (a row size of 0 gives infinity, so the maximum step)
            nextCheck = Math.min(Math.max(min, (rowsInGroup + (long) (nextRowGroupSize / (float) rowSize)) / 2),
                    rowsInGroup + max);
        }
    }

    private void flushRowGroup() throws IOException {
        try {
            if (rowsInGroup > 0) {
                fileWriter.startBlock(rowsInGroup);
                columnStore.flush();
                pageStore.flushToFileWriter(fileWriter);
                fileWriter.endBlock();
                nextRowGroupSize = Math.min(fileWriter.getNextRowGroupSize(), rowGroupSize);
            }
        } finally {
            columnStore.close();
            pageStore.close();
        }
        lastRowGroupEnd = fileWriter.getPos();
    }

    @Override
    public long dataSize() {
        return lastRowGroupEnd + columnStore.getBufferedSize();
    }

    @Override
    public void close() throws IOException {
        try {
            if (failed) {
                fileWriter.abort();
                return;
            }
            flushRowGroup();
            fileWriter.end(metadata);
        } catch (IOException | RuntimeException e) {
            fileWriter.abort();
            throw e;
        } finally {
            compressor.release();
            fileWriter.close();
        }
    }
}
