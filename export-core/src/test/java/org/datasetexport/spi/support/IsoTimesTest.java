package org.datasetexport.spi.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The digit-by-digit ISO text must be exactly what the JDK's formatters print, or refuse (-1). */
class IsoTimesTest {
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final long YEAR_0 = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    private static final long YEAR_10000 = Instant.parse("+10000-01-01T00:00:00Z").getEpochSecond();

    @Test
    void timestamps_matchTheFormatterOnEdgesAndAMillionRandomInstants() {
        List<Instant> cases = new ArrayList<>(List.of(Instant.EPOCH, Instant.EPOCH.minusNanos(1), Instant.ofEpochSecond(YEAR_0),
                Instant.ofEpochSecond(YEAR_10000).minusNanos(1), Instant.parse("2000-02-29T23:59:59.999999999Z"),
                Instant.parse("1900-03-01T00:00:00.000001Z"), Instant.parse("1969-12-31T23:59:59.000999Z"),
                Instant.parse("2026-11-28T09:00:30.123456789Z"), Instant.parse("1600-02-29T12:00:00Z")));
        Random random = new Random(23);
        for (int i = 0; i < 1_000_000; i++) {
            long seconds = i % 2 == 0 ? YEAR_0 + (long) (random.nextDouble() * (YEAR_10000 - YEAR_0))
                    : random.nextLong(-4_000_000_000L, 4_000_000_000L); // 1843–2096, where the data is
            cases.add(Instant.ofEpochSecond(seconds, random.nextInt(1_000_000_000)));
        }
        char[] out = new char[IsoTimes.TIMESTAMP_LENGTH];
        for (Instant t : cases) {
            int n = IsoTimes.timestampMicros(t, out);
            assertThat(new String(out, 0, n)).as("%s", t).isEqualTo(TIMESTAMP.format(t));
        }
    }

    @Test
    void timestampsOutsideYears0To9999_areLeftToTheFormatter() {
        char[] out = new char[IsoTimes.TIMESTAMP_LENGTH];
        assertThat(IsoTimes.timestampMicros(Instant.ofEpochSecond(YEAR_0).minusNanos(1), out)).isEqualTo(-1);
        assertThat(IsoTimes.timestampMicros(Instant.ofEpochSecond(YEAR_10000), out)).isEqualTo(-1);
        assertThat(IsoTimes.timestampMicros(Instant.MIN, out)).isEqualTo(-1);
        assertThat(IsoTimes.timestampMicros(Instant.MAX, out)).isEqualTo(-1);
    }

    @Test
    void dates_matchLocalDateToString() {
        char[] out = new char[IsoTimes.DATE_LENGTH];
        Random random = new Random(29);
        for (int i = 0; i < 200_000; i++) {
            LocalDate d = LocalDate.ofEpochDay(random.nextLong(LocalDate.of(0, 1, 1).toEpochDay(), LocalDate.of(9999, 12, 31).toEpochDay() + 1));
            assertThat(new String(out, 0, IsoTimes.date(d, out))).isEqualTo(d.toString());
        }
        assertThat(IsoTimes.date(LocalDate.of(-1, 12, 31), out)).isEqualTo(-1);
        assertThat(IsoTimes.date(LocalDate.of(10_000, 1, 1), out)).isEqualTo(-1);
    }
}
