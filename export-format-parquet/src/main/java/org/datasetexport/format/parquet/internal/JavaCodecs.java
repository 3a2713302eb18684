package org.datasetexport.format.parquet.internal;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/**
 * Page compression for the codecs the SDK writes (uncompressed, SNAPPY, GZIP, ZSTD) straight on
 * snappy-java, the JDK's gzip and zstd-jni, instead of parquet-mr's codec factory. That factory
 * goes through Hadoop's {@code CodecPool}, which logs "Got brand-new compressor" at INFO for every
 * file written with GZIP or ZSTD (their compressors are never pooled) and warns that the native
 * Hadoop library is missing. Same formats as parquet-mr: raw Snappy blocks, a gzip member, a
 * ZSTD frame (level 3, parquet-mr's default). Codecs only other writers use (LZ4, LZ4_RAW, BROTLI,
 * LZO) are read through parquet-mr's factory. Stateless per call, so one instance may serve
 * several threads.
 */
public final class JavaCodecs implements CompressionCodecFactory {
    /** parquet-mr's default ZSTD level ({@code parquet.compression.codec.zstd.level}). */
    static final int ZSTD_LEVEL = 3;

    private final int pageSize;
    private CodecFactory others;

    /**
     * @param pageSize the page size, for parquet-mr's factory when a file uses another codec
     */
    public JavaCodecs(int pageSize) {
        this.pageSize = pageSize;
    }

    private static boolean ours(CompressionCodecName codec) {
        return switch (codec) {
            case UNCOMPRESSED, SNAPPY, GZIP, ZSTD -> true;
            default -> false;
        };
    }

    private synchronized CodecFactory others() {
        if (others == null) {
            others = new CodecFactory(new PlainParquetConfiguration(), pageSize);
        }
        return others;
    }

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        if (!ours(codec)) {
            return others().getCompressor(codec);
        }
        return new BytesInputCompressor() {
            @Override
            public BytesInput compress(BytesInput bytes) throws IOException {
                return codec == CompressionCodecName.UNCOMPRESSED ? bytes : BytesInput.from(JavaCodecs.compress(codec, array(bytes)));
            }

            @Override
            public CompressionCodecName getCodecName() {
                return codec;
            }

            @Override
            public void release() {
                // nothing pooled
            }
        };
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        if (!ours(codec)) {
            return others().getDecompressor(codec);
        }
        return new BytesInputDecompressor() {
            @Override
            public BytesInput decompress(BytesInput bytes, int decompressedSize) throws IOException {
                return codec == CompressionCodecName.UNCOMPRESSED ? bytes
                        : BytesInput.from(JavaCodecs.decompress(codec, array(bytes), decompressedSize));
            }

            @Override
            public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int decompressedSize) throws IOException {
                byte[] in = new byte[compressedSize];
                input.get(in);
                output.put(codec == CompressionCodecName.UNCOMPRESSED ? in : JavaCodecs.decompress(codec, in, decompressedSize));
            }

            @Override
            public void release() {
                // nothing pooled
            }
        };
    }

    /** @return the bytes of a page (BytesInput.toByteArray() is deprecated) */
    static byte[] array(BytesInput bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) bytes.size());
        bytes.writeAllTo(out);
        return out.toByteArray();
    }

    static byte[] compress(CompressionCodecName codec, byte[] raw) throws IOException {
        switch (codec) {
            case SNAPPY:
                return Snappy.compress(raw);
            case GZIP:
                ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, raw.length / 2));
                try (GZIPOutputStream gzip = new GZIPOutputStream(out, 64 * 1024)) {
                    gzip.write(raw);
                }
                return out.toByteArray();
            case ZSTD:
                return Zstd.compress(raw, ZSTD_LEVEL);
            default:
                throw new IllegalArgumentException("not a codec of this factory: " + codec);
        }
    }

    static byte[] decompress(CompressionCodecName codec, byte[] compressed, int size) throws IOException {
        if (size == 0 && compressed.length == 0) {
            return compressed; // parquet-mr writes an empty page as no bytes at all
        }
        byte[] out;
        switch (codec) {
            case SNAPPY:
                int length;
                try {
                    length = Snappy.uncompressedLength(compressed);
                } catch (IOException e) {
                    throw new IOException("a SNAPPY page is corrupt: " + e.getMessage(), e);
                }
                if (length != size) {
                    throw new IOException("a SNAPPY page holds " + length + " bytes, its header says " + size);
                }
                out = new byte[size];
                Snappy.uncompress(compressed, 0, compressed.length, out, 0);
                return out;
            case GZIP:
                try (InputStream gzip = new GZIPInputStream(new ByteArrayInputStream(compressed), 64 * 1024)) {
                    out = gzip.readNBytes(size);
                    if (out.length != size || gzip.read() != -1) {
                        throw new IOException("a GZIP page does not hold the " + size + " bytes its header says");
                    }
                    return out;
                }
            case ZSTD:
                out = new byte[size];
                long n;
                try {
                    n = Zstd.decompressByteArray(out, 0, size, compressed, 0, compressed.length);
                } catch (ZstdException e) {
                    throw new IOException("a ZSTD page does not hold the " + size + " bytes its header says: " + e.getMessage(), e);
                }
                if (n != size) {
                    throw new IOException("a ZSTD page does not hold the " + size + " bytes its header says");
                }
                return out;
            default:
                throw new IllegalArgumentException("not a codec of this factory: " + codec);
        }
    }

    @Override
    public synchronized void release() {
        if (others != null) {
            others.release();
            others = null;
        }
    }
}
