package org.datasetexport.internal.jdbc;

import org.datasetexport.data.Split;
import org.datasetexport.data.TimeWindow;

/**
 * One split of a JDBC dataset: {@code key >= lo} unless first, {@code key < hi} unless last. The
 * first range also takes rows whose key is NULL and the last one keys beyond the planned maximum,
 * so the ranges of a plan together always cover every row of the window.
 *
 * @param lo the lower bound (inclusive) as bound to the statement, null when first
 * @param hi the upper bound (exclusive) as bound to the statement, null when last
 * @param first whether this is the first range
 * @param last whether this is the last range
 * @param window the ingestion-time window the run reads
 */
public record KeyRange(Object lo, Object hi, boolean first, boolean last, TimeWindow window) implements Split {

    /**
     * @param window the run's window
     * @return the one range of an unsplit read: every row of the window
     */
    public static KeyRange all(TimeWindow window) {
        return new KeyRange(null, null, true, true, window);
    }

    @Override
    public String description() {
        if (first && last) {
            return "all rows";
        }
        return first ? "keys below " + hi + " or null" : last ? "keys from " + lo : "keys from " + lo + " below " + hi;
    }
}
