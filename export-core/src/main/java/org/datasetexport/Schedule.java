package org.datasetexport;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.datasetexport.engine.FileNames;

/**
 * When a flow runs: {@link #once(Instant)}, {@link #everyHours(int)} or {@link #daily(LocalTime)},
 * optionally bounded by {@link #startingAt(Instant)} and {@link #endingAt(Instant)}. All times are
 * UTC. Immutable; the bound methods return new schedules.
 *
 * <ul>
 *   <li>{@code everyHours(n)} (n in 1, 2, 3, 4, 6, 8, 12) has slots every n hours, counted from
 *       {@code startingAt} when given, otherwise from midnight UTC (so every 3 hours means 00:00,
 *       03:00, …, 21:00).</li>
 *   <li>{@code daily(t)} has one slot a day at {@code t} UTC, the first at or after {@code startingAt}.</li>
 *   <li>{@code once(t)} has the single slot {@code t}.</li>
 * </ul>
 * A slot after {@code endingAt} never runs. Without an end a schedule never ends: no default end
 * date is ever applied.
 */
public final class Schedule {
    private static final Set<Integer> HOURS = Set.of(1, 2, 3, 4, 6, 8, 12);

    /** The kind of schedule. */
    public enum Kind {
        /** One run at a given instant. */
        ONCE,
        /** A run every n hours. */
        EVERY_HOURS,
        /** A run every day at a given time. */
        DAILY
    }

    /** Slots lie in years 1 to 9999: the {@code exportTime=yyyyMMddHHmm} folder has four-digit years. */
    static final Instant EARLIEST = FileNames.EARLIEST_NAMEABLE;
    static final Instant LATEST = FileNames.LATEST_NAMEABLE;

    private final Kind kind;
    private final Instant at;
    private final int hours;
    private final LocalTime time;
    private final Instant start;
    private final Instant end;

    private Schedule(Kind kind, Instant at, int hours, LocalTime time, Instant start, Instant end) {
        this.kind = kind;
        this.at = at;
        this.hours = hours;
        this.time = time;
        this.start = start;
        this.end = end;
        for (Instant i : new Instant[] {at, start, end}) {
            ConfigurationException.check(i == null || (!i.isBefore(EARLIEST) && !i.isAfter(LATEST)),
                    "schedule times must lie between %s and %s (exportTime folders have four-digit years), got %s",
                    EARLIEST, LATEST, i);
        }
        ConfigurationException.check(start == null || end == null || !end.isBefore(start),
                "schedule end %s is before its start %s", end, start);
    }

    /**
     * @param instant when the single run is due
     * @return a one-off schedule
     * @throws ConfigurationException when null
     */
    public static Schedule once(Instant instant) {
        return new Schedule(Kind.ONCE, ConfigurationException.requireNonNull(instant, "instant"), 0, null, null, null);
    }

    /**
     * @param hours 1, 2, 3, 4, 6, 8 or 12 (divisors of a day, so slots fall at the same times every day)
     * @return a schedule with a slot every {@code hours} hours
     * @throws ConfigurationException for any other value
     */
    public static Schedule everyHours(int hours) {
        ConfigurationException.check(HOURS.contains(hours),
                "everyHours must be one of [1, 2, 3, 4, 6, 8, 12], got %d", hours);
        return new Schedule(Kind.EVERY_HOURS, null, hours, null, null, null);
    }

    /**
     * @param time the time of day, UTC
     * @return a schedule with a slot every day at {@code time}
     * @throws ConfigurationException when null
     */
    public static Schedule daily(LocalTime time) {
        return new Schedule(Kind.DAILY, null, 0, ConfigurationException.requireNonNull(time, "time"), null, null);
    }

    /**
     * @param start no slot before this instant; for {@code everyHours} also the anchor of the slots
     * @return a copy with this start
     * @throws ConfigurationException when null or after the end
     */
    public Schedule startingAt(Instant start) {
        return new Schedule(kind, at, hours, time, ConfigurationException.requireNonNull(start, "start"), end);
    }

    /**
     * @param end no slot after this instant
     * @return a copy with this end
     * @throws ConfigurationException when null or before the start
     */
    public Schedule endingAt(Instant end) {
        return new Schedule(kind, at, hours, time, start, ConfigurationException.requireNonNull(end, "end"));
    }

    /** @return the kind of schedule */
    public Kind kind() {
        return kind;
    }

    /** @return the single instant of a {@code once} schedule */
    public Optional<Instant> at() {
        return Optional.ofNullable(at);
    }

    /** @return the interval of an {@code everyHours} schedule, 0 otherwise */
    public int hours() {
        return hours;
    }

    /** @return the time of day of a {@code daily} schedule */
    public Optional<LocalTime> time() {
        return Optional.ofNullable(time);
    }

    /** @return the start, if bounded */
    public Optional<Instant> start() {
        return Optional.ofNullable(start);
    }

    /** @return the end, if bounded; empty means the schedule never ends */
    public Optional<Instant> end() {
        return Optional.ofNullable(end);
    }

    /**
     * @param after an instant, or null for "from the beginning" (the start, or for an unbounded
     *        {@code everyHours} the epoch)
     * @return the first slot strictly after {@code after} (or the very first slot), if there is one
     *         before the end
     */
    public Optional<Instant> nextSlotAfter(Instant after) {
        Instant candidate = switch (kind) {
            case ONCE -> after == null || at.isAfter(after) ? at : null;
            case EVERY_HOURS -> nextHourly(after);
            case DAILY -> nextDaily(after);
        };
        if (candidate == null || (start != null && candidate.isBefore(start)) || (end != null && candidate.isAfter(end))
                || candidate.isAfter(LATEST)) {
            return Optional.empty();
        }
        return Optional.of(candidate);
    }

    private Instant nextHourly(Instant after) {
        long step = Duration.ofHours(hours).getSeconds();
        Instant anchor = start != null ? start : Instant.EPOCH; // epoch: slots aligned to midnight UTC
        if (after == null || after.isBefore(anchor)) {
            return anchor;
        }
        if (after.isAfter(LATEST)) {
            return null;
        }
        long k = Math.floorDiv(after.getEpochSecond() - anchor.getEpochSecond(), step) + 1;
        return anchor.plusSeconds(k * step);
    }

    private Instant nextDaily(Instant after) {
        Instant from = after;
        if (start != null && (from == null || from.isBefore(start))) {
            from = start.minusNanos(1);
        }
        if (from == null) {
            from = Instant.EPOCH.minusNanos(1);
        }
        if (from.isAfter(LATEST)) {
            return null;
        }
        LocalDate day = from.atOffset(ZoneOffset.UTC).toLocalDate();
        Instant candidate = day.atTime(time).toInstant(ZoneOffset.UTC);
        return candidate.isAfter(from) ? candidate : day.plusDays(1).atTime(time).toInstant(ZoneOffset.UTC);
    }

    /**
     * Reads a schedule in the settings language: exactly one of {@code once} (an instant),
     * {@code every-hours} (1, 2, 3, 4, 6, 8, 12) and {@code daily} (a UTC time of day), and
     * optionally {@code start} and {@code end} (instants).
     *
     * @param tree the schedule's keys
     * @param where where it came from, for messages
     * @return the schedule
     * @throws ConfigurationException naming the key that is wrong
     */
    public static Schedule fromTree(Map<String, ?> tree, String where) {
        return SettingsTree.parseSchedule(tree, where);
    }

    /** @return this schedule in the settings language ({@link #fromTree}) */
    public Map<String, Object> toTree() {
        return SettingsTree.print(this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Schedule s && kind == s.kind && hours == s.hours && Objects.equals(at, s.at)
                && Objects.equals(time, s.time) && Objects.equals(start, s.start) && Objects.equals(end, s.end);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, at, hours, time, start, end);
    }

    @Override
    public String toString() {
        String base = switch (kind) {
            case ONCE -> "once(" + at + ")";
            case EVERY_HOURS -> "everyHours(" + hours + ")";
            case DAILY -> "daily(" + time + " UTC)";
        };
        return base + (start != null ? ".startingAt(" + start + ")" : "") + (end != null ? ".endingAt(" + end + ")" : "");
    }
}
