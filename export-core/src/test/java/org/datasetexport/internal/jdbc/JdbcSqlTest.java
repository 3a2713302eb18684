package org.datasetexport.internal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.datasetexport.data.DataType;
import org.datasetexport.data.TimeWindow;
import org.junit.jupiter.api.Test;

class JdbcSqlTest {
    private static final Instant T = Instant.parse("2026-11-28T09:00:00.123456Z");
    private static final JdbcTypes.Column INGESTED = new JdbcTypes.Column("updated_at", DataType.TIMESTAMP, true, false);
    private final JdbcSql sql = new JdbcSql("public.orders", "\"id\"", INGESTED);

    @Test
    void read_firstMiddleLastAndOnlyRange_coverNullKeysAndTheWindow() {
        TimeWindow full = TimeWindow.upTo(T);
        TimeWindow incremental = TimeWindow.between(T.minusSeconds(3600), T);
        assertThat(sql.read(new KeyRange(null, 10L, true, false, full))).isEqualTo(
                "SELECT * FROM public.orders t WHERE (\"id\" < ? OR \"id\" IS NULL) AND (updated_at <= ? OR updated_at IS NULL)");
        assertThat(sql.read(new KeyRange(10L, 20L, false, false, incremental))).isEqualTo(
                "SELECT * FROM public.orders t WHERE \"id\" >= ? AND \"id\" < ? AND updated_at > ? AND updated_at <= ?");
        assertThat(sql.read(new KeyRange(20L, null, false, true, incremental))).isEqualTo(
                "SELECT * FROM public.orders t WHERE \"id\" >= ? AND updated_at > ? AND updated_at <= ?");
        assertThat(new JdbcSql("(SELECT 1 AS x)", null, null).read(KeyRange.all(full))).isEqualTo("SELECT * FROM (SELECT 1 AS x) t");
    }

    @Test
    void keyBounds_selectsMinAndMaxInsideTheWindow() {
        assertThat(sql.keyBounds(TimeWindow.between(T.minusSeconds(1), T)))
                .isEqualTo("SELECT MIN(\"id\"), MAX(\"id\") FROM public.orders t WHERE updated_at > ? AND updated_at <= ?");
        assertThat(JdbcSql.columnsProbe("t1")).isEqualTo("SELECT * FROM t1 t WHERE 1 = 0");
    }

    @Test
    void parameter_timestampsAreBoundAsTheColumnStoresThem() {
        assertThat(JdbcSql.parameter(T, INGESTED)).isEqualTo(LocalDateTime.of(2026, 11, 28, 9, 0, 0, 123_456_000));
        assertThat(JdbcSql.parameter(T, new JdbcTypes.Column("ts", DataType.TIMESTAMP, true, true)))
                .isEqualTo(OffsetDateTime.of(2026, 11, 28, 9, 0, 0, 123_456_000, ZoneOffset.UTC));
        assertThat(JdbcSql.parameter(5L, INGESTED)).isEqualTo(5L);
    }
}
