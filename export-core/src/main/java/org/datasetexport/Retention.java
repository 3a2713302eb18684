package org.datasetexport;

import java.time.Duration;
import java.util.Objects;

/**
 * How many earlier exports of a flow to keep ({@link ExportBuilder#retention(Retention)}): after a
 * run has succeeded, the flow's exports beyond the limit are removed — only through their
 * manifests (the manifest first, so a half-removed export is never taken for complete, then
 * exactly the files it lists, then the run folder's {@code _SUCCESS} when nothing else is left in
 * it). A file no manifest of the flow lists is never touched. Needs {@code manifest(true)}.
 * Immutable.
 */
public final class Retention {
    private final int keepLast;
    private final Duration olderThan;

    private Retention(int keepLast, Duration olderThan) {
        this.keepLast = keepLast;
        this.olderThan = olderThan;
    }

    /**
     * @param exports how many of the flow's most recent exports to keep, the new one included (at least 1)
     * @return a count-based retention
     * @throws ConfigurationException when below 1
     */
    public static Retention keepLast(int exports) {
        ConfigurationException.check(exports >= 1, "keepLast must be at least 1, got %d", exports);
        return new Retention(exports, null);
    }

    /**
     * @param age remove the flow's exports scheduled longer ago than this (never the new one)
     * @return an age-based retention
     * @throws ConfigurationException when null, zero or negative
     */
    public static Retention olderThan(Duration age) {
        ConfigurationException.requireNonNull(age, "olderThan");
        ConfigurationException.check(!age.isNegative() && !age.isZero(), "olderThan must be positive, got %s", age);
        return new Retention(0, age);
    }

    /** @return the count to keep, or 0 for an age-based retention */
    public int keepLastCount() {
        return keepLast;
    }

    /** @return the age limit, or null for a count-based retention */
    public Duration olderThanAge() {
        return olderThan;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Retention r && keepLast == r.keepLast && Objects.equals(olderThan, r.olderThan);
    }

    @Override
    public int hashCode() {
        return Objects.hash(keepLast, olderThan);
    }

    @Override
    public String toString() {
        return olderThan != null ? "olderThan(" + olderThan + ")" : "keepLast(" + keepLast + ")";
    }
}
