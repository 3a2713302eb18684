package org.datasetexport.format.parquet.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 24: pages compressed without Hadoop's CodecPool must be exactly what parquet-mr's own
 * codecs read, and the other way round (parquet-mr's factory is the independent side here).
 */
class JavaCodecsTest {
    private static final CompressionCodecFactory PARQUET_MR = new CodecFactory(new PlainParquetConfiguration(), 64 * 1024);

    private static byte[][] pages() {
        byte[] random = new byte[200_000];
        new Random(24).nextBytes(random);
        byte[] text = "datasetexport,".repeat(20_000).getBytes(StandardCharsets.US_ASCII);
        return new byte[][] {new byte[0], new byte[] {42}, random, text};
    }

    @ParameterizedTest
    @EnumSource(value = CompressionCodecName.class, names = {"UNCOMPRESSED", "SNAPPY", "GZIP", "ZSTD"})
    void oursAndParquetMrs_readEachOthersPages(CompressionCodecName codec) throws IOException {
        JavaCodecs ours = new JavaCodecs(64 * 1024);
        for (byte[] page : pages()) {
            BytesInput compressedByUs = ours.getCompressor(codec).compress(BytesInput.from(page));
            assertThat(JavaCodecs.array(PARQUET_MR.getDecompressor(codec).decompress(BytesInput.from(JavaCodecs.array(compressedByUs)), page.length)))
                    .as("%s page of %d bytes, compressed by us, read by parquet-mr", codec, page.length).isEqualTo(page);
            BytesInput compressedByThem = PARQUET_MR.getCompressor(codec).compress(BytesInput.from(page));
            assertThat(JavaCodecs.array(ours.getDecompressor(codec).decompress(BytesInput.from(JavaCodecs.array(compressedByThem)), page.length)))
                    .as("%s page of %d bytes, compressed by parquet-mr, read by us", codec, page.length).isEqualTo(page);
            ByteBuffer out = ByteBuffer.allocate(page.length);
            byte[] compressed = JavaCodecs.array(compressedByThem);
            ours.getDecompressor(codec).decompress(ByteBuffer.wrap(compressed), compressed.length, out, page.length);
            assertThat(out.array()).isEqualTo(page);
        }
        if (codec != CompressionCodecName.UNCOMPRESSED) {
            byte[] text = pages()[3];
            assertThat(ours.getCompressor(codec).compress(BytesInput.from(text)).size()).as("it compresses").isLessThan(text.length / 5);
        }
    }

    @ParameterizedTest
    @EnumSource(value = CompressionCodecName.class, names = {"SNAPPY", "GZIP", "ZSTD"})
    void aPageWhoseHeaderLiesAboutItsSize_isRefused(CompressionCodecName codec) throws IOException {
        JavaCodecs ours = new JavaCodecs(64 * 1024);
        byte[] page = pages()[3];
        byte[] compressed = JavaCodecs.array(ours.getCompressor(codec).compress(BytesInput.from(page)));
        assertThatThrownBy(() -> JavaCodecs.array(ours.getDecompressor(codec).decompress(BytesInput.from(compressed), page.length - 1)))
                .isInstanceOf(IOException.class).hasMessageContaining(codec.name());
    }
}
