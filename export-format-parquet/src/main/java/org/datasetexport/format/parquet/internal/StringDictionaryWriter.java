package org.datasetexport.format.parquet.internal;

import java.util.Arrays;
import org.apache.parquet.bytes.ByteBufferAllocator;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.values.dictionary.DictionaryValuesWriter.PlainBinaryDictionaryValuesWriter;
import org.apache.parquet.io.api.Binary;

/**
 * parquet-mr's dictionary writer for BINARY columns with a front door keyed by identity: a
 * {@link Binary} instance seen before (the {@link StringBinaries} cache hands out one instance per
 * repeated string) finds its dictionary id without hashing or comparing its bytes. Everything
 * else — the content map, the dictionary page, the page budget and the fall-back to plain
 * encoding — is parquet-mr's own, so files are what the stock writer produces. The identity table
 * holds only instances that added a dictionary entry, and at most as many as the string cache
 * keeps: both start empty with each row group and fill in first-seen order, so later entries (a
 * column of unique values) would never be found by identity and would only cost their insertion.
 */
final class StringDictionaryWriter extends PlainBinaryDictionaryValuesWriter {
    private static final int MAX_REMEMBERED = StringBinaries.MAX_ENTRIES;

    private Binary[] keys = new Binary[256];
    private int[] ids = new int[256];
    private int size;

    /**
     * @param maxDictionaryByteSize the dictionary page budget
     * @param dataPageEncoding the encoding of dictionary ids in data pages
     * @param dictPageEncoding the encoding of the dictionary page
     * @param allocator parquet-mr's buffer allocator
     */
    StringDictionaryWriter(int maxDictionaryByteSize, Encoding dataPageEncoding, Encoding dictPageEncoding,
                           ByteBufferAllocator allocator) {
        super(maxDictionaryByteSize, dataPageEncoding, dictPageEncoding, allocator);
    }

    @Override
    public void writeBytes(Binary value) {
        int mask = keys.length - 1;
        int slot = mix(System.identityHashCode(value)) & mask;
        for (Binary key; (key = keys[slot]) != null; slot = (slot + 1) & mask) {
            if (key == value) {
                encodedValues.add(ids[slot]);
                return;
            }
        }
        int before = binaryDictionaryContent.size();
        super.writeBytes(value);
        if (binaryDictionaryContent.size() > before && size < MAX_REMEMBERED) {
            keys[slot] = value;
            ids[slot] = before;
            if (++size * 2 > keys.length) {
                grow();
            }
        }
    }

    private static int mix(int hash) {
        return hash ^ (hash >>> 16);
    }

    private void grow() {
        Binary[] oldKeys = keys;
        int[] oldIds = ids;
        keys = new Binary[oldKeys.length * 2];
        ids = new int[oldKeys.length * 2];
        int mask = keys.length - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            Binary key = oldKeys[i];
            if (key != null) {
                int slot = mix(System.identityHashCode(key)) & mask;
                while (keys[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = key;
                ids[slot] = oldIds[i];
            }
        }
    }

    @Override
    protected void clearDictionaryContent() {
        super.clearDictionaryContent();
        Arrays.fill(keys, null);
        size = 0;
    }
}
