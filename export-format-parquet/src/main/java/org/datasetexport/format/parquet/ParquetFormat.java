package org.datasetexport.format.parquet;

import java.io.IOException;
import java.io.OutputStream;
import java.util.EnumSet;
import java.util.Set;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.datasetexport.Compression;
import org.datasetexport.ConfigurationException;
import org.datasetexport.data.Schema;
import org.datasetexport.format.parquet.internal.ParquetRecordWriter;
import org.datasetexport.spi.Format;
import org.datasetexport.spi.RecordWriter;

/**
 * Apache Parquet files, written with parquet-mr through a {@code WriteSupport} of our own straight
 * into the destination's stream (no Avro, no Hadoop file system, no local temp file). The codec
 * lives inside the file: {@code NONE} ({@code .parquet}), {@code GZIP} ({@code .gz.parquet}),
 * {@code SNAPPY} ({@code .snappy.parquet}), {@code ZSTD} ({@code .zstd.parquet}).
 *
 * <p>Type mapping: STRING {@code BINARY (STRING)}, BOOLEAN, INT {@code INT32}, LONG {@code INT64},
 * FLOAT, DOUBLE, DATE {@code INT32 (DATE)}, TIMESTAMP {@code INT64 TIMESTAMP(MICROS, UTC)} (never
 * INT96), DECIMAL(p,s) {@code INT32} (p ≤ 9), {@code INT64} (p ≤ 18) or
 * {@code FIXED_LEN_BYTE_ARRAY} (p ≤ 38), BINARY {@code BINARY}; struct a group, array the standard
 * three-level LIST, map the standard MAP with string keys; nullable fields OPTIONAL, others
 * REQUIRED; array elements and map values OPTIONAL. The dataset schema (the SDK's JSON form) is
 * stored in the footer's key-value metadata under {@code org.datasetexport.schema}.
 *
 * <p>Writer: by default rows go straight into parquet-mr's column writers
 * ({@link WritePath#DIRECT}: levels worked out from the schema once, repeated strings encoded and
 * dictionary-looked-up once); pages, dictionaries, statistics, indexes and the footer are still
 * parquet-mr's, so the files are those of {@link WritePath#STOCK}, parquet-mr's {@code ParquetWriter}
 * with {@link RowWriteSupport}, which stays available for comparison and as a fallback.
 *
 * <p>Memory: each open file buffers up to one row group. Defaults: row group
 * {@value #DEFAULT_ROW_GROUP_SIZE} bytes (32 MiB), page {@value #DEFAULT_PAGE_SIZE} bytes (1 MiB) —
 * large enough for efficient scans by Spark, Athena, BigQuery and DuckDB, small enough that four
 * parallel writers stay around 128 MiB. Immutable and thread-safe.
 *
 * <pre>{@code
 * Format parquet = ParquetFormat.builder().rowGroupSize(64L << 20).build();
 * DatasetExport.from(ds).to(dest).format(parquet).compression(Compression.ZSTD).run();
 * }</pre>
 */
public final class ParquetFormat implements Format {
    /** The provider name. */
    public static final String NAME = "parquet";
    /** Default row group size in bytes: 32 MiB. */
    public static final long DEFAULT_ROW_GROUP_SIZE = 32L * 1024 * 1024;
    /** Default page size in bytes: 1 MiB. */
    public static final int DEFAULT_PAGE_SIZE = 1024 * 1024;

    private static final Set<Compression> SUPPORTED = EnumSet.allOf(Compression.class);

    private final long rowGroupSize;
    private final int pageSize;
    private final WritePath writePath;

    private ParquetFormat(Builder builder) {
        this.rowGroupSize = builder.rowGroupSize;
        this.pageSize = builder.pageSize;
        this.writePath = builder.writePath;
    }

    /** How rows reach parquet-mr. */
    public enum WritePath {
        /** Straight into parquet-mr's column writers, below its record API (the default, faster). */
        DIRECT,
        /** parquet-mr's {@code ParquetWriter} with {@link RowWriteSupport} over its record API. */
        STOCK
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the format with the default row group and page sizes */
    public static ParquetFormat create() {
        return builder().build();
    }

    /** @return the row group size in bytes */
    public long rowGroupSize() {
        return rowGroupSize;
    }

    /** @return the page size in bytes */
    public int pageSize() {
        return pageSize;
    }

    /** @return how rows reach parquet-mr */
    public WritePath writePath() {
        return writePath;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Compression> supportedCompressions() {
        return SUPPORTED;
    }

    @Override
    public String fileExtension(Compression compression) {
        switch (ConfigurationException.requireNonNull(compression, "compression")) {
            case GZIP:
                return "gz.parquet";
            case SNAPPY:
                return "snappy.parquet";
            case ZSTD:
                return "zstd.parquet";
            default:
                return "parquet";
        }
    }

    @Override
    public RecordWriter open(Schema schema, OutputStream out, Compression compression) throws IOException {
        ConfigurationException.requireNonNull(schema, "schema");
        ConfigurationException.requireNonNull(out, "out");
        return new ParquetRecordWriter(schema, out, codec(compression), rowGroupSize, pageSize,
                writePath == WritePath.DIRECT);
    }

    private static CompressionCodecName codec(Compression compression) {
        switch (ConfigurationException.requireNonNull(compression, "compression")) {
            case GZIP:
                return CompressionCodecName.GZIP;
            case SNAPPY:
                return CompressionCodecName.SNAPPY;
            case ZSTD:
                return CompressionCodecName.ZSTD;
            default:
                return CompressionCodecName.UNCOMPRESSED;
        }
    }

    @Override
    public String toString() {
        return "ParquetFormat[rowGroupSize=" + rowGroupSize + ", pageSize=" + pageSize + ", writePath=" + writePath + "]";
    }

    /** Builds a {@link ParquetFormat}. Not thread-safe. */
    public static final class Builder {
        private long rowGroupSize = DEFAULT_ROW_GROUP_SIZE;
        private Integer pageSize;
        private WritePath writePath = WritePath.DIRECT;

        private Builder() {
        }

        /**
         * @param path {@link WritePath#DIRECT} (default) or {@link WritePath#STOCK}
         * @return this builder
         * @throws ConfigurationException when null
         */
        public Builder writePath(WritePath path) {
            this.writePath = ConfigurationException.requireNonNull(path, "writePath");
            return this;
        }

        /**
         * @param bytes row group size, 64 KiB to 1 GiB; memory per open file grows with it
         * @return this builder
         * @throws ConfigurationException when out of range
         */
        public Builder rowGroupSize(long bytes) {
            ConfigurationException.check(bytes >= 64 * 1024 && bytes <= 1024L * 1024 * 1024,
                    "rowGroupSize must be 64 KiB to 1 GiB, got %d", bytes);
            this.rowGroupSize = bytes;
            return this;
        }

        /**
         * @param bytes page size, 4 KiB to 64 MiB; default 1 MiB, or the row group size if smaller
         * @return this builder
         * @throws ConfigurationException when out of range
         */
        public Builder pageSize(long bytes) {
            ConfigurationException.check(bytes >= 4 * 1024 && bytes <= 64L * 1024 * 1024,
                    "pageSize must be 4 KiB to 64 MiB, got %d", bytes);
            this.pageSize = (int) bytes;
            return this;
        }

        /**
         * @return the format
         * @throws ConfigurationException when a page size was set larger than the row group
         */
        public ParquetFormat build() {
            if (pageSize == null) {
                pageSize = (int) Math.min(DEFAULT_PAGE_SIZE, rowGroupSize);
            }
            ConfigurationException.check(pageSize <= rowGroupSize,
                    "pageSize (%d) must not exceed rowGroupSize (%d)", pageSize, rowGroupSize);
            return new ParquetFormat(this);
        }
    }
}
