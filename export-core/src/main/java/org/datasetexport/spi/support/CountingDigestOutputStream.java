package org.datasetexport.spi.support;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Counts and digests (SHA-256) the bytes on their way to a destination, so the manifest records
 * exactly what was stored and rolling by size sees compressed bytes.
 */
public final class CountingDigestOutputStream extends FilterOutputStream {
    private final MessageDigest digest;
    private long count;

    /**
     * @param out the destination's stream
     */
    public CountingDigestOutputStream(OutputStream out) {
        super(out);
        this.digest = sha256();
    }

    /** @return a new SHA-256 digest (present on every JVM) */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        digest.update((byte) b);
        count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        digest.update(b, off, len);
        count += len;
    }

    /** @return bytes written so far */
    public long count() {
        return count;
    }

    /** @return the lower-case hex SHA-256 of all bytes written; call once, after the last write */
    public String sha256Hex() {
        return HexFormat.of().formatHex(digest.digest());
    }
}
