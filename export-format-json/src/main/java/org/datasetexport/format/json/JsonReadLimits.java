package org.datasetexport.format.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import org.datasetexport.ConfigurationException;

/**
 * How much one JSON Lines record may hold when it is read, so that a hostile or broken file (a
 * gzip bomb whose one line is a huge array, a string of a gigabyte) fails with a clear error
 * instead of exhausting the heap. The defaults are generous and accept everything the SDK's own
 * writer produces: the row validator refuses strings over 256 Mi characters and binaries over 256
 * MiB before any format sees them, and base64 of the largest binary fits {@link #DEFAULT_MAX_STRING_LENGTH}.
 *
 * <pre>{@code
 * FileFormatReader reader = JsonLinesFiles.reader(JsonReadLimits.defaults().withMaxValuesPerRecord(50_000_000));
 * }</pre>
 *
 * <p>Decimals are checked against their type's digits before they are scaled, so
 * {@code 1e10000000} costs nothing. Immutable and thread-safe.
 */
public final class JsonReadLimits {
    /** Characters in one string value: 400 million (a base64-encoded 256 MiB binary fits). */
    public static final int DEFAULT_MAX_STRING_LENGTH = 400_000_000;
    /** Values (fields, array elements, map entries, at every level) in one record: 10 million. */
    public static final long DEFAULT_MAX_VALUES_PER_RECORD = 10_000_000L;

    private static final JsonReadLimits DEFAULTS = new JsonReadLimits(DEFAULT_MAX_STRING_LENGTH, DEFAULT_MAX_VALUES_PER_RECORD);

    private final int maxStringLength;
    private final long maxValuesPerRecord;
    private final JsonFactory factory;

    private JsonReadLimits(int maxStringLength, long maxValuesPerRecord) {
        this.maxStringLength = maxStringLength;
        this.maxValuesPerRecord = maxValuesPerRecord;
        this.factory = JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(maxStringLength).build()).build();
    }

    /** @return the default limits */
    public static JsonReadLimits defaults() {
        return DEFAULTS;
    }

    /**
     * @param characters the longest string value accepted, at least 1
     * @return a copy with that limit
     * @throws ConfigurationException when not positive
     */
    public JsonReadLimits withMaxStringLength(int characters) {
        ConfigurationException.check(characters > 0, "maxStringLength must be positive, got %d", characters);
        return new JsonReadLimits(characters, maxValuesPerRecord);
    }

    /**
     * @param values the most values one record may hold, at least 1
     * @return a copy with that limit
     * @throws ConfigurationException when not positive
     */
    public JsonReadLimits withMaxValuesPerRecord(long values) {
        ConfigurationException.check(values > 0, "maxValuesPerRecord must be positive, got %d", values);
        return new JsonReadLimits(maxStringLength, values);
    }

    /** @return the longest string value accepted, in characters */
    public int maxStringLength() {
        return maxStringLength;
    }

    /** @return the most values one record may hold */
    public long maxValuesPerRecord() {
        return maxValuesPerRecord;
    }

    JsonFactory factory() {
        return factory;
    }

    @Override
    public String toString() {
        return "JsonReadLimits[maxStringLength=" + maxStringLength + ", maxValuesPerRecord=" + maxValuesPerRecord + "]";
    }
}
