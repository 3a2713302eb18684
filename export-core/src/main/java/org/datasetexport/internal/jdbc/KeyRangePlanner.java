package org.datasetexport.internal.jdbc;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.datasetexport.data.TimeWindow;

/**
 * Cuts a key's {@code [min, max]} into contiguous ranges: pure arithmetic, no database. Integer
 * spans are computed in {@link BigInteger} (a {@code Long.MIN_VALUE..Long.MAX_VALUE} key does not
 * overflow), decimals at the key's scale, dates by day, timestamps by microsecond. A key with fewer
 * distinct values than splits gets fewer ranges, never an empty duplicate.
 */
public final class KeyRangePlanner {
    private KeyRangePlanner() {
    }

    /**
     * @param min the smallest key in the window (Integer, Long, BigDecimal, LocalDate or Instant)
     * @param max the largest key, of the same type
     * @param splits how many ranges are wanted, at least 1
     * @param bind turns a boundary into the value bound to the statement (a timestamp's column form)
     * @param window the run's window, carried by every range
     * @return contiguous ranges from "below the first boundary, or null" to "from the last boundary"
     */
    public static List<KeyRange> plan(Object min, Object max, int splits, UnaryOperator<Object> bind, TimeWindow window) {
        List<Object> inner = boundaries(min, max, splits);
        List<KeyRange> ranges = new ArrayList<>();
        for (int i = 0; i <= inner.size(); i++) {
            Object lo = i == 0 ? null : bind.apply(inner.get(i - 1));
            Object hi = i == inner.size() ? null : bind.apply(inner.get(i));
            ranges.add(new KeyRange(lo, hi, i == 0, i == inner.size(), window));
        }
        return ranges;
    }

    /** {@code n - 1} distinct inner boundaries between min and max (fewer when the key has fewer values). */
    static List<Object> boundaries(Object min, Object max, int n) {
        List<Object> inner = new ArrayList<>();
        if (min instanceof Integer || min instanceof Long) {
            BigInteger a = BigInteger.valueOf(((Number) min).longValue());
            BigInteger span = BigInteger.valueOf(((Number) max).longValue()).subtract(a).add(BigInteger.ONE);
            for (int i = 1; i < n; i++) {
                addDistinct(inner, a.add(span.multiply(BigInteger.valueOf(i)).divide(BigInteger.valueOf(n))).longValue());
            }
        } else if (min instanceof BigDecimal a) {
            BigDecimal span = ((BigDecimal) max).subtract(a);
            for (int i = 1; i < n; i++) {
                addDistinct(inner, a.add(span.multiply(BigDecimal.valueOf(i)).divide(BigDecimal.valueOf(n), a.scale(),
                        RoundingMode.FLOOR)));
            }
        } else if (min instanceof LocalDate a) {
            long span = ((LocalDate) max).toEpochDay() - a.toEpochDay() + 1;
            for (int i = 1; i < n; i++) {
                addDistinct(inner, a.plusDays(span * i / n));
            }
        } else if (min instanceof Instant a) {
            long span = ChronoUnit.MICROS.between(a, (Instant) max);
            for (int i = 1; i < n; i++) {
                addDistinct(inner, a.plus(BigInteger.valueOf(span).multiply(BigInteger.valueOf(i))
                        .divide(BigInteger.valueOf(n)).longValue(), ChronoUnit.MICROS));
            }
        } else {
            throw new IllegalArgumentException("cannot split keys of " + min.getClass().getName());
        }
        Object low = min instanceof Integer i ? Long.valueOf(i) : min;
        inner.removeIf(b -> b.equals(low));
        return inner;
    }

    private static void addDistinct(List<Object> list, Object value) {
        if (list.isEmpty() || !list.get(list.size() - 1).equals(value)) {
            list.add(value);
        }
    }
}
