package org.datasetexport.data;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.datasetexport.ConfigurationException;

/**
 * The rows a run selects by ingestion time: those ingested after {@code from} (exclusive; absent
 * means "from the beginning") up to and including {@code to} (the run's cut-off). Immutable.
 */
public final class TimeWindow {
    private final Instant from;
    private final Instant to;

    private TimeWindow(Instant from, Instant to) {
        this.from = from;
        this.to = ConfigurationException.requireNonNull(to, "window end");
        ConfigurationException.check(from == null || !from.isAfter(to),
                "window start %s is after its end %s", from, to);
    }

    /**
     * @param to the cut-off, inclusive
     * @return everything ingested up to {@code to}
     */
    public static TimeWindow upTo(Instant to) {
        return new TimeWindow(null, to);
    }

    /**
     * @param from exclusive start
     * @param to inclusive end, not before {@code from}
     * @return rows with {@code from < ingestionTime <= to}
     */
    public static TimeWindow between(Instant from, Instant to) {
        return new TimeWindow(ConfigurationException.requireNonNull(from, "window start"), to);
    }

    /** @return the exclusive start; empty for "from the beginning" */
    public Optional<Instant> from() {
        return Optional.ofNullable(from);
    }

    /** @return the inclusive end (the cut-off) */
    public Instant to() {
        return to;
    }

    /**
     * @param ingestionTime a row's ingestion time
     * @return whether the row falls inside this window
     */
    public boolean contains(Instant ingestionTime) {
        return (from == null || ingestionTime.isAfter(from)) && !ingestionTime.isAfter(to);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TimeWindow w && Objects.equals(from, w.from) && to.equals(w.to);
    }

    @Override
    public int hashCode() {
        return Objects.hash(from, to);
    }

    @Override
    public String toString() {
        return "(" + (from == null ? "-∞" : from) + ", " + to + "]";
    }
}
