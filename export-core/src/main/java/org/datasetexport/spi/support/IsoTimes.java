package org.datasetexport.spi.support;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * ISO-8601 text for timestamps and dates written digit by digit into a caller's buffer: no
 * {@code DateTimeFormatter}, which allocates a {@code LocalDateTime}, zone rules and a
 * {@code BigDecimal} for the fraction on every value (a quarter of all allocation in a JSON
 * export of timestamped events). Exactly the text of {@code uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'} in
 * UTC (fraction truncated to microseconds) and of {@link LocalDate#toString()}, for years 0000 to
 * 9999; other years return -1 and the caller formats them the slow way. {@code IsoTimesTest}
 * compares both on random and edge values.
 */
public final class IsoTimes {
    /** Length of a timestamp: {@code 2026-11-28T09:00:30.123456Z}. */
    public static final int TIMESTAMP_LENGTH = 27;
    /** Length of a date: {@code 2026-11-28}. */
    public static final int DATE_LENGTH = 10;

    /** The same text for every year, sign and all: the fallback outside 0000–9999. */
    public static final DateTimeFormatter TIMESTAMP_MICROS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private static final long SECONDS_PER_DAY = 86_400;
    /** Days from 0000-03-01 to 1970-01-01 in the proleptic Gregorian calendar. */
    private static final long DAYS_0000_03_01_TO_EPOCH = 719_468;
    private static final long DAYS_PER_400_YEARS = 146_097;

    private IsoTimes() {
    }

    /**
     * @param t a timestamp
     * @param out at least {@value #TIMESTAMP_LENGTH} chars
     * @return {@value #TIMESTAMP_LENGTH}, or -1 when its year is outside 0000–9999
     */
    public static int timestampMicros(Instant t, char[] out) {
        long seconds = t.getEpochSecond();
        long epochDay = Math.floorDiv(seconds, SECONDS_PER_DAY);
        int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
        // civil date from days since 1970-01-01 (eras of 400 years starting on March 1st)
        long z = epochDay + DAYS_0000_03_01_TO_EPOCH;
        long era = Math.floorDiv(z, DAYS_PER_400_YEARS);
        long dayOfEra = z - era * DAYS_PER_400_YEARS;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long monthFromMarch = (5 * dayOfYear + 2) / 153;
        int day = (int) (dayOfYear - (153 * monthFromMarch + 2) / 5 + 1);
        int month = (int) (monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9);
        long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        if (year < 0 || year > 9999) {
            return -1;
        }
        date((int) year, month, day, out);
        out[10] = 'T';
        two(secondOfDay / 3600, out, 11);
        out[13] = ':';
        two(secondOfDay / 60 % 60, out, 14);
        out[16] = ':';
        two(secondOfDay % 60, out, 17);
        out[19] = '.';
        int micros = t.getNano() / 1000;
        for (int i = 25; i >= 20; i--) {
            out[i] = (char) ('0' + micros % 10);
            micros /= 10;
        }
        out[26] = 'Z';
        return TIMESTAMP_LENGTH;
    }

    /**
     * @param t a timestamp
     * @return its text, any year
     */
    public static String timestampMicros(Instant t) {
        char[] out = new char[TIMESTAMP_LENGTH];
        int n = timestampMicros(t, out);
        return n < 0 ? TIMESTAMP_MICROS.format(t) : new String(out, 0, n);
    }

    /**
     * @param d a date
     * @return its text, any year (as {@link LocalDate#toString()})
     */
    public static String date(LocalDate d) {
        char[] out = new char[DATE_LENGTH];
        int n = date(d, out);
        return n < 0 ? d.toString() : new String(out, 0, n);
    }

    /**
     * @param d a date
     * @param out at least {@value #DATE_LENGTH} chars
     * @return {@value #DATE_LENGTH}, or -1 when its year is outside 0000–9999
     */
    public static int date(LocalDate d, char[] out) {
        int year = d.getYear();
        if (year < 0 || year > 9999) {
            return -1;
        }
        date(year, d.getMonthValue(), d.getDayOfMonth(), out);
        return DATE_LENGTH;
    }

    private static void date(int year, int month, int day, char[] out) {
        two(year / 100, out, 0);
        two(year % 100, out, 2);
        out[4] = '-';
        two(month, out, 5);
        out[7] = '-';
        two(day, out, 8);
    }

    private static void two(int value, char[] out, int at) {
        out[at] = (char) ('0' + value / 10);
        out[at + 1] = (char) ('0' + value % 10);
    }
}
