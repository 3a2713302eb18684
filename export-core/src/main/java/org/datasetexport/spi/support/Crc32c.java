package org.datasetexport.spi.support;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.zip.CRC32C;

/** CRC32C as object stores exchange it: the four big-endian bytes, base64 ({@code x-amz-checksum-crc32c}, GCS {@code crc32c}). */
public final class Crc32c {
    private Crc32c() {
    }

    /**
     * @param crc a checksum over the bytes
     * @return its value as object stores write it
     */
    public static String base64(CRC32C crc) {
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /**
     * @param data bytes
     * @return their CRC32C as object stores write it
     */
    public static String base64(byte[] data) {
        CRC32C crc = new CRC32C();
        crc.update(data);
        return base64(crc);
    }
}
