package org.datasetexport;

/**
 * A row does not match the dataset schema. Names the dataset, the row number (0-based, in the
 * order the dataset yields rows), the field path (for example {@code address.geo.lat},
 * {@code items[2].sku} or {@code attributes['colour']}), the expected and the actual type.
 */
public class RecordException extends ExportException {
    private static final long serialVersionUID = 1L;

    private final String datasetId;
    private final long rowNumber;
    private final String fieldPath;
    private final String expectedType;
    private final String actualType;

    /**
     * @param datasetId the dataset
     * @param rowNumber 0-based row number in the dataset's read order
     * @param fieldPath the offending field, dotted, with {@code [i]} for array elements and
     *        {@code ['key']} for map values; empty for the row itself
     * @param expectedType what the schema requires
     * @param actualType what the row holds
     */
    public RecordException(String datasetId, long rowNumber, String fieldPath, String expectedType, String actualType) {
        super("Dataset \"" + datasetId + "\", row " + rowNumber
                + (fieldPath.isEmpty() ? "" : ", field \"" + fieldPath + "\"")
                + ": expected " + expectedType + " but got " + actualType);
        this.datasetId = datasetId;
        this.rowNumber = rowNumber;
        this.fieldPath = fieldPath;
        this.expectedType = expectedType;
        this.actualType = actualType;
    }

    /**
     * Returns the dataset id.
     *
     * @return the dataset id
     */
    public String datasetId() {
        return datasetId;
    }

    /**
     * Returns the 0-based row number in the dataset's read order.
     *
     * @return the 0-based row number in the dataset's read order
     */
    public long rowNumber() {
        return rowNumber;
    }

    /**
     * Returns the offending field path; empty when the row itself is wrong (for example its arity).
     *
     * @return the offending field path; empty when the row itself is wrong (for example its arity)
     */
    public String fieldPath() {
        return fieldPath;
    }

    /**
     * Returns the type the schema requires.
     *
     * @return the type the schema requires
     */
    public String expectedType() {
        return expectedType;
    }

    /**
     * Returns the type found in the row.
     *
     * @return the type found in the row
     */
    public String actualType() {
        return actualType;
    }
}
