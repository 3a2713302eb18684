package org.datasetexport.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.datasetexport.ConfigurationException;

/**
 * A UTC {@link Clock} that tests move by hand: pass it to {@code ExportBuilder.clock(...)} and
 * {@link #advance(Duration)} or {@link #set(Instant)} it. Thread-safe.
 */
public final class MutableClock extends Clock {
    /** Not the epoch, so code that treats zero as "unset" is caught. */
    public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

    private volatile Instant now;

    private MutableClock(Instant start) {
        this.now = start;
    }

    /** @return a clock at {@link #DEFAULT_START} */
    public static MutableClock create() {
        return new MutableClock(DEFAULT_START);
    }

    /**
     * @param start the initial instant
     * @return a clock at {@code start}
     */
    public static MutableClock at(Instant start) {
        return new MutableClock(ConfigurationException.requireNonNull(start, "start"));
    }

    /**
     * @param amount how far to move; may be negative
     * @return the new instant
     */
    public synchronized Instant advance(Duration amount) {
        now = now.plus(ConfigurationException.requireNonNull(amount, "amount"));
        return now;
    }

    /** @param instant the new instant */
    public void set(Instant instant) {
        now = ConfigurationException.requireNonNull(instant, "instant");
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("MutableClock is always UTC");
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public String toString() {
        return "MutableClock[" + now + "]";
    }
}
