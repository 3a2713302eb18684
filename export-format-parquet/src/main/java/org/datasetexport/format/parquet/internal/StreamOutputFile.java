package org.datasetexport.format.parquet.internal;

import java.io.IOException;
import java.io.OutputStream;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * A Parquet {@link OutputFile} over any {@link OutputStream}: the writer streams straight into
 * the destination's staged output, with no Hadoop file system and no local temp file. It can be
 * created once; closing it closes the stream (which never publishes anything).
 */
public final class StreamOutputFile implements OutputFile {
    private final OutputStream out;
    private CountingPositionStream stream;

    /**
     * @param out the destination stream
     */
    public StreamOutputFile(OutputStream out) {
        this.out = out;
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) throws IOException {
        if (stream != null) {
            throw new IOException("a stream output file can be created only once");
        }
        stream = new CountingPositionStream(out);
        return stream;
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
        return create(blockSizeHint);
    }

    /** @return bytes written so far */
    public long position() {
        return stream == null ? 0 : stream.position;
    }

    @Override
    public boolean supportsBlockSize() {
        return false;
    }

    @Override
    public long defaultBlockSize() {
        return 0;
    }

    /** Counts bytes to report the position Parquet records in the footer. */
    private static final class CountingPositionStream extends PositionOutputStream {
        private final OutputStream out;
        private long position;

        CountingPositionStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public long getPos() {
            return position;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            position++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            position += len;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
