package org.datasetexport.format.parquet.internal;

import java.util.HashMap;
import org.apache.parquet.io.api.Binary;

/**
 * One column's cache from a Java string to its UTF-8 {@link Binary}: a value that repeats is
 * encoded once, found by the string's cached hash, and handed on as the same instance, which
 * {@link StringDictionaryWriter} then finds by identity. Bounded (entries and characters): once
 * full it keeps what it has (the values seen first, usually the frequent ones). A column whose
 * values rarely repeat (ids, free text, more distinct values than the cache holds) turns the cache
 * off after a few windows of mostly misses, so from then on it costs nothing. One per column
 * writer; not thread-safe.
 */
final class StringBinaries {
    /** Most values kept per column. */
    static final int MAX_ENTRIES = 1024;
    /** With many partition files open at once, each column of each file has a cache: keep it small. */
    private static final long MAX_CHARS = 32 * 1024;
    private static final int MAX_VALUE_CHARS = 128;
    /** Lookups per window; a window with fewer than half hits is a bad one. */
    private static final int WINDOW = 2048;
    /** Bad windows in a row after which the cache is emptied and stays off. */
    private static final int GIVE_UP = 2;

    private final HashMap<String, Binary> cache = new HashMap<>();
    private long chars;
    private int lookups;
    private int hits;
    private int badWindows;
    private boolean off;

    /**
     * @param value a string
     * @return its UTF-8 bytes, the same instance as last time when the cache holds it
     */
    Binary of(String value) {
        if (off) {
            return Binary.fromString(value);
        }
        Binary binary = cache.get(value);
        if (binary != null) {
            hits++;
        } else {
            binary = Binary.fromString(value);
            int length = value.length();
            if (length <= MAX_VALUE_CHARS && cache.size() < MAX_ENTRIES && chars + length <= MAX_CHARS) {
                cache.put(value, binary);
                chars += length;
            }
        }
        if (++lookups == WINDOW) {
            endWindow();
        }
        return binary;
    }

    private void endWindow() {
        if (hits * 2 < WINDOW) {
            if (++badWindows >= GIVE_UP) {
                off = true;
                cache.clear();
            }
        } else {
            badWindows = 0;
        }
        lookups = 0;
        hits = 0;
    }

    /** @return whether the cache gave up on this column (tests) */
    boolean isOff() {
        return off;
    }
}
