package org.datasetexport.spi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;
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
     * The reading side of {@link #wrap}.
     *
     * @param in compressed bytes
     * @param compression {@code NONE}, {@code GZIP} (concatenated members are read through) or {@code ZSTD}
     * @return a stream of the decompressed bytes ({@code in} itself for {@code NONE})
     * @throws ConfigurationException for {@code SNAPPY}, or {@code ZSTD} without zstd-jni
     * @throws IOException when the stream is not in that compression
     */
    public static InputStream unwrap(InputStream in, Compression compression) throws IOException {
        ConfigurationException.requireNonNull(in, "in");
        switch (ConfigurationException.requireNonNull(compression, "compression")) {
            case NONE:
                return in;
            case GZIP:
                return new GzipCompressorInputStream(in, true);
            case ZSTD:
                requireZstd();
                return new ZstdCompressorInputStream(in);
            default:
                throw new ConfigurationException("compression " + compression
                        + " is not available as whole-file compression; use NONE, GZIP or ZSTD");
        }
    }

    /**
     * @param fileName a file name or path
     * @return {@code GZIP} for {@code .gz}, {@code ZSTD} for {@code .zst}, otherwise {@code NONE}
     */
    public static Compression forFileName(String fileName) {
        String name = ConfigurationException.requireNonNull(fileName, "fileName");
        return name.endsWith(".gz") ? Compression.GZIP : name.endsWith(".zst") ? Compression.ZSTD : Compression.NONE;
    }

    /**
     * @param fileName a file name or path
     * @return it without the {@code .gz} or {@code .zst} that {@link #forFileName} reads ({@code a.csv.gz} → {@code a.csv})
     */
    public static String withoutCompressionSuffix(String fileName) {
        return switch (forFileName(fileName)) {
            case GZIP -> fileName.substring(0, fileName.length() - ".gz".length());
            case ZSTD -> fileName.substring(0, fileName.length() - ".zst".length());
            default -> fileName;
        };
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
