package org.datasetexport.format.parquet.internal;

import java.io.IOException;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Wraps parquet-mr's codec factory to observe how many bytes go into and out of the compressor.
 * Rolling by compressed size needs this: parquet-mr reports buffered pages partly compressed and
 * partly raw, and the raw part shrinks by this ratio when it is flushed. Used by one writer.
 */
final class ObservedCodecFactory implements CompressionCodecFactory {
    private final CompressionCodecFactory delegate;
    private long bytesIn;
    private long bytesOut;

    ObservedCodecFactory(CompressionCodecFactory delegate) {
        this.delegate = delegate;
    }

    /** @return bytes out per byte in so far, 1 before any page was compressed */
    double ratio() {
        return bytesIn == 0 ? 1.0 : (double) bytesOut / bytesIn;
    }

    /** @return compressed bytes produced so far */
    long bytesOut() {
        return bytesOut;
    }

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codecName) {
        BytesInputCompressor compressor = delegate.getCompressor(codecName);
        return new BytesInputCompressor() {
            @Override
            public BytesInput compress(BytesInput bytes) throws IOException {
                long in = bytes.size();
                BytesInput out = compressor.compress(bytes);
                bytesIn += in;
                bytesOut += out.size();
                return out;
            }

            @Override
            public CompressionCodecName getCodecName() {
                return compressor.getCodecName();
            }

            @Override
            public void release() {
                compressor.release();
            }
        };
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codecName) {
        return delegate.getDecompressor(codecName);
    }

    @Override
    public void release() {
        delegate.release();
    }
}
