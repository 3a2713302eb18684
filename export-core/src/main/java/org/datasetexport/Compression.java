package org.datasetexport;

/**
 * Compression of exported files. A format declares which it supports
 * ({@code Format.supportedCompressions()}); asking for another fails with a
 * {@link ConfigurationException} that lists the allowed ones.
 *
 * <ul>
 *   <li>JSON Lines compresses the whole file: {@code NONE}, {@code GZIP}, {@code ZSTD}.</li>
 *   <li>Parquet compresses inside the file: {@code NONE}, {@code GZIP}, {@code SNAPPY}, {@code ZSTD}.</li>
 * </ul>
 */
public enum Compression {
    /** No compression. */
    NONE,
    /** gzip (deflate). */
    GZIP,
    /** Snappy; only inside formats that support it (Parquet). */
    SNAPPY,
    /** Zstandard; needs {@code com.github.luben:zstd-jni} on the classpath (the format modules bring it). */
    ZSTD
}
