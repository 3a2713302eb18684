package org.datasetexport.format.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import org.datasetexport.ConfigurationException;

/**
 * How much one JSON Lines record may hold when it is read, so that a hostile or broken file (a
 * gzip bomb whose one line is a huge array or a string of a gigabyte, a number of a million digits)
 * fails with a clear error naming the limit instead of exhausting the heap. The defaults keep a
 * reader alive in a 128 MiB heap (a test reads the bombs at {@code -Xmx128m}):
 *
 * <table>
 * <caption>Defaults</caption>
 * <tr><th>limit</th><th>default</th></tr>
 * <tr><td>{@link #maxStringLength()}: characters in one string value</td><td>8 Mi (8,388,608)</td></tr>
 * <tr><td>{@link #maxRecordSize()}: characters of all string values and map keys in one record</td><td>16 Mi</td></tr>
 * <tr><td>{@link #maxValuesPerRecord()}: values (fields, array elements, map entries, at every level) in one record</td><td>1 Mi</td></tr>
 * <tr><td>{@link #maxNumberLength()}: characters in one number</td><td>1,000</td></tr>
 * </table>
 *
 * <p>The SDK's writer accepts larger values (the row validator's limit is 256 Mi characters per
 * string and 256 MiB per binary): to read records beyond the defaults, raise the limits and give the
 * reader the heap for them, about 6 bytes per character of {@code maxStringLength} plus 2 per
 * character of {@code maxRecordSize}.
 *
 * <pre>{@code
 * FileFormatReader reader = JsonLinesFiles.reader(JsonReadLimits.defaults()
 *         .withMaxStringLength(64 << 20).withMaxRecordSize(128 << 20));   // large documents, a 1 GiB heap
 * }</pre>
 *
 * <p>Decimals are checked against their type's digits before they are scaled, so
 * {@code 1e10000000} costs nothing. Immutable and thread-safe.
 */
public final class JsonReadLimits {
    /** Characters in one string value: 8 Mi. */
    public static final int DEFAULT_MAX_STRING_LENGTH = 8 * 1024 * 1024;
    /** Characters of all string values and map keys in one record: 16 Mi. */
    public static final long DEFAULT_MAX_RECORD_SIZE = 16L * 1024 * 1024;
    /** Values (fields, array elements, map entries, at every level) in one record: 1 Mi. */
    public static final long DEFAULT_MAX_VALUES_PER_RECORD = 1024L * 1024;
    /** Characters in one number: 1,000 (Jackson's default). */
    public static final int DEFAULT_MAX_NUMBER_LENGTH = 1000;

    private static final JsonReadLimits DEFAULTS = new JsonReadLimits(DEFAULT_MAX_STRING_LENGTH, DEFAULT_MAX_RECORD_SIZE,
            DEFAULT_MAX_VALUES_PER_RECORD, DEFAULT_MAX_NUMBER_LENGTH);

    private final int maxStringLength;
    private final long maxRecordSize;
    private final long maxValuesPerRecord;
    private final int maxNumberLength;
    private final JsonFactory factory;

    private JsonReadLimits(int maxStringLength, long maxRecordSize, long maxValuesPerRecord, int maxNumberLength) {
        this.maxStringLength = maxStringLength;
        this.maxRecordSize = maxRecordSize;
        this.maxValuesPerRecord = maxValuesPerRecord;
        this.maxNumberLength = maxNumberLength;
        // names (keys) keep Jackson's own limit of 50,000 characters
        this.factory = JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(maxStringLength).maxNumberLength(maxNumberLength).build()).build();
    }

    /**
     * Returns the default limits.
     *
     * @return the default limits
     */
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
        return new JsonReadLimits(characters, Math.max(maxRecordSize, characters), maxValuesPerRecord, maxNumberLength);
    }

    /**
     * @param characters the most characters of string values and map keys one record may hold, at least 1
     * @return a copy with that limit
     * @throws ConfigurationException when not positive
     */
    public JsonReadLimits withMaxRecordSize(long characters) {
        ConfigurationException.check(characters > 0, "maxRecordSize must be positive, got %d", characters);
        return new JsonReadLimits(maxStringLength, characters, maxValuesPerRecord, maxNumberLength);
    }

    /**
     * @param values the most values one record may hold, at least 1
     * @return a copy with that limit
     * @throws ConfigurationException when not positive
     */
    public JsonReadLimits withMaxValuesPerRecord(long values) {
        ConfigurationException.check(values > 0, "maxValuesPerRecord must be positive, got %d", values);
        return new JsonReadLimits(maxStringLength, maxRecordSize, values, maxNumberLength);
    }

    /**
     * @param characters the longest number accepted, at least 1
     * @return a copy with that limit
     * @throws ConfigurationException when not positive
     */
    public JsonReadLimits withMaxNumberLength(int characters) {
        ConfigurationException.check(characters > 0, "maxNumberLength must be positive, got %d", characters);
        return new JsonReadLimits(maxStringLength, maxRecordSize, maxValuesPerRecord, characters);
    }

    /**
     * Returns the longest string value accepted, in characters.
     *
     * @return the longest string value accepted, in characters
     */
    public int maxStringLength() {
        return maxStringLength;
    }

    /**
     * Returns the most characters of string values and map keys one record may hold.
     *
     * @return the most characters of string values and map keys one record may hold
     */
    public long maxRecordSize() {
        return maxRecordSize;
    }

    /**
     * Returns the most values one record may hold.
     *
     * @return the most values one record may hold
     */
    public long maxValuesPerRecord() {
        return maxValuesPerRecord;
    }

    /**
     * Returns the longest number accepted, in characters.
     *
     * @return the longest number accepted, in characters
     */
    public int maxNumberLength() {
        return maxNumberLength;
    }

    JsonFactory factory() {
        return factory;
    }

    @Override
    public String toString() {
        return "JsonReadLimits[maxStringLength=" + maxStringLength + ", maxRecordSize=" + maxRecordSize + ", maxValuesPerRecord="
                + maxValuesPerRecord + ", maxNumberLength=" + maxNumberLength + "]";
    }
}
