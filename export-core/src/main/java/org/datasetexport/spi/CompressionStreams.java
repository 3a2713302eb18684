package org.datasetexport.spi;

import java.io.IOException;
import java.io.OutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdUtils;
import org.datasetexport.Compression;
import org.datasetexport.ConfigurationException;

/**
 * Whole-file compression for formats that compress the entire file (JSON Lines), through Apache
 * Commons Compress. Closing the returned stream writes the compression trailer and closes the
 * underlying stream.
 */
public final class CompressionStreams {

    private CompressionStreams() {
    }

    /**
     * @param out the stream that receives compressed bytes
     * @param compression {@code NONE}, {@code GZIP} or {@code ZSTD}
     * @return a stream that compresses into {@code out} ({@code out} itself for {@code NONE})
     * @throws ConfigurationException for {@code SNAPPY} (not a whole-file codec here) or for
     *         {@code ZSTD} without zstd-jni on the classpath
     * @throws IOException when the compressor cannot start writing
     */
    public static OutputStream wrap(OutputStream out, Compression compression) throws IOException {
        ConfigurationException.requireNonNull(out, "out");
        switch (ConfigurationException.requireNonNull(compression, "compression")) {
            case NONE:
                return out;
            case GZIP:
                return new GzipCompressorOutputStream(out);
            case ZSTD:
                requireZstd();
                return new ZstdCompressorOutputStream(out);
            default:
                throw new ConfigurationException("compression " + compression
                        + " is not available as whole-file compression; use NONE, GZIP or ZSTD");
        }
    }

    /**
     * @throws ConfigurationException when zstd-jni is not on the classpath
     */
    public static void requireZstd() {
        if (!ZstdUtils.isZstdCompressionAvailable()) {
            throw new ConfigurationException("Compression.ZSTD needs the artifact com.github.luben:zstd-jni on the classpath");
        }
    }
}
