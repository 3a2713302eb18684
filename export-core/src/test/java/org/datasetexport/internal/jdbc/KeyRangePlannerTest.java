package org.datasetexport.internal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.function.UnaryOperator;
import org.datasetexport.data.TimeWindow;
import org.junit.jupiter.api.Test;

class KeyRangePlannerTest {
    private static final TimeWindow WINDOW = TimeWindow.upTo(Instant.parse("2026-11-28T00:00:00Z"));
    private static final UnaryOperator<Object> SAME = v -> v;

    @Test
    void plan_integers_cutsTheSpanEvenlyAndChainsTheRanges() {
        List<KeyRange> ranges = KeyRangePlanner.plan(1, 100, 4, SAME, WINDOW);
        assertThat(ranges).extracting(KeyRange::lo).containsExactly(null, 26L, 51L, 76L);
        assertThat(ranges).extracting(KeyRange::hi).containsExactly(26L, 51L, 76L, null);
        assertThat(ranges).extracting(KeyRange::first).containsExactly(true, false, false, false);
        assertThat(ranges).extracting(KeyRange::last).containsExactly(false, false, false, true);
        assertThat(ranges).allSatisfy(r -> assertThat(r.window()).isEqualTo(WINDOW));
        for (int i = 1; i < ranges.size(); i++) {
            assertThat(ranges.get(i).lo()).isEqualTo(ranges.get(i - 1).hi()); // no gap, no overlap
        }
    }

    @Test
    void plan_wholeLongRange_doesNotOverflow() {
        List<Object> inner = KeyRangePlanner.boundaries(Long.MIN_VALUE, Long.MAX_VALUE, 4);
        assertThat(inner).containsExactly(Long.MIN_VALUE / 2, 0L, Long.MAX_VALUE / 2 + 1);
    }

    @Test
    void plan_fewerDistinctKeysThanSplits_givesFewerRangesNeverEmptyDuplicates() {
        assertThat(KeyRangePlanner.plan(5L, 6L, 8, SAME, WINDOW)).extracting(KeyRange::lo).containsExactly(null, 6L);
        assertThat(KeyRangePlanner.plan(7L, 7L, 8, SAME, WINDOW)).singleElement()
                .satisfies(r -> assertThat(r.description()).isEqualTo("all rows"));
    }

    @Test
    void plan_decimalsDatesAndTimestamps_keepTheirTypeAndPrecision() {
        assertThat(KeyRangePlanner.boundaries(new BigDecimal("0.00"), new BigDecimal("1.00"), 4))
                .containsExactly(new BigDecimal("0.25"), new BigDecimal("0.50"), new BigDecimal("0.75"));
        assertThat(KeyRangePlanner.boundaries(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 4), 2))
                .containsExactly(LocalDate.of(2026, 1, 3));
        Instant a = Instant.parse("2026-11-28T00:00:00Z");
        assertThat(KeyRangePlanner.boundaries(a, a.plusSeconds(4), 4))
                .containsExactly(a.plusSeconds(1), a.plusSeconds(2), a.plusSeconds(3));
        assertThat(KeyRangePlanner.boundaries(a, a.plusNanos(2000), 4)).containsExactly(a.plusNanos(1000));
    }

    @Test
    void plan_bindsBoundariesTheWayTheColumnStoresThem() {
        assertThat(KeyRangePlanner.plan(0L, 9L, 2, v -> "k" + v, WINDOW)).extracting(KeyRange::lo, KeyRange::hi)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(null, "k5"), org.assertj.core.groups.Tuple.tuple("k5", null));
    }

    @Test
    void plan_unsupportedKeyType_isRefused() {
        assertThatThrownBy(() -> KeyRangePlanner.boundaries("a", "z", 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.String");
    }
}
