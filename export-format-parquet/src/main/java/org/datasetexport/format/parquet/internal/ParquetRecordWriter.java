package org.datasetexport.format.parquet.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.datasetexport.data.Row;
import org.datasetexport.data.Schema;
import org.datasetexport.format.parquet.RowWriteSupport;
import org.datasetexport.spi.RecordWriter;

/**
 * One Parquet file written into a stream, through the direct path ({@link DirectFileWriter}) or
 * parquet-mr's stock {@link ParquetWriter} with {@link RowWriteSupport}.
 */
public final class ParquetRecordWriter implements RecordWriter {
    /** getDataSize() walks every column; refreshing the estimate every few rows is precise enough. */
    private static final int SIZE_REFRESH_ROWS = 64;

    private final RowSink writer;
    private final StreamOutputFile file;
    private final ObservedCodecFactory codecs;
    private long rows;
    private long buffered;
    private long lastPosition;
    private long compressedAtLastFlush;
    private boolean closed;

    /**
     * @param schema the dataset schema
     * @param out the destination stream
     * @param codec the codec inside the file
     * @param rowGroupSize bytes buffered per row group
     * @param pageSize bytes per page
     * @param direct whether to write through the direct path rather than parquet-mr's stock writer
     * @throws IOException when the header cannot be written
     */
    public ParquetRecordWriter(Schema schema, OutputStream out, CompressionCodecName codec, long rowGroupSize,
                               int pageSize, boolean direct) throws IOException {
        this.file = new StreamOutputFile(out);
        this.codecs = new ObservedCodecFactory(new JavaCodecs(pageSize));
        if (direct) {
            // built as parquet-mr builds its own (a copy of the write context's map, then the model
            // name), so the footer lists the keys in the same order and the files are byte-identical
            Map<String, String> metadata = new HashMap<>(Map.of(RowWriteSupport.SCHEMA_METADATA_KEY, schema.toJson()));
            metadata.put(ParquetWriter.OBJECT_MODEL_NAME_PROP, RowWriteSupport.MODEL_NAME);
            this.writer = new DirectFileWriter(file, schema, codecs, codec, rowGroupSize, pageSize, metadata);
        } else {
            ParquetWriter<Row> stock = new Builder(file, schema)
                    .withConf(new PlainParquetConfiguration())
                    .withCodecFactory(codecs)
                    .withCompressionCodec(codec)
                    .withRowGroupSize(rowGroupSize)
                    .withPageSize(pageSize)
                    .withDictionaryPageSize(pageSize)
                    .build();
            this.writer = new RowSink() {
                @Override
                public void write(Row row) throws IOException {
                    stock.write(row);
                }

                @Override
                public long dataSize() {
                    return stock.getDataSize();
                }

                @Override
                public void close() throws IOException {
                    stock.close();
                }
            };
        }
    }

    /** What this class needs of a Parquet file writer. */
    interface RowSink {
        void write(Row row) throws IOException;

        /** @return bytes in the file plus bytes buffered for the row group being built */
        long dataSize();

        void close() throws IOException;
    }

    @Override
    public void write(Row row) throws IOException {
        writer.write(row);
        if (++rows % SIZE_REFRESH_ROWS == 0) {
            buffered = estimateBuffered();
        }
    }

    /**
     * parquet-mr's buffered size mixes pages already compressed (they stay in memory until the row
     * group is flushed) with the raw bytes of the pages being filled. The raw part is scaled by the
     * compression ratio seen so far, so the estimate is in stored bytes, as rolling needs.
     */
    private long estimateBuffered() {
        long position = file.position();
        if (position != lastPosition) {
            // a row group was flushed: every page compressed so far is now in the file
            lastPosition = position;
            compressedAtLastFlush = codecs.bytesOut();
        }
        long total = Math.max(0, writer.dataSize() - position);
        long compressedInMemory = Math.min(total, codecs.bytesOut() - compressedAtLastFlush);
        long raw = total - compressedInMemory;
        return compressedInMemory + (long) (raw * codecs.ratio());
    }

    @Override
    public long bufferedBytes() {
        return buffered;
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            try {
                writer.close();
            } finally {
                codecs.release();
            }
        }
    }

    private static final class Builder extends ParquetWriter.Builder<Row, Builder> {
        private final Schema schema;

        Builder(OutputFile file, Schema schema) {
            super(file);
            this.schema = schema;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        @SuppressWarnings("deprecation") // still abstract in parquet-mr 1.18
        protected WriteSupport<Row> getWriteSupport(Configuration conf) {
            return new RowWriteSupport(schema);
        }

        @Override
        protected WriteSupport<Row> getWriteSupport(ParquetConfiguration conf) {
            return new RowWriteSupport(schema);
        }
    }
}
