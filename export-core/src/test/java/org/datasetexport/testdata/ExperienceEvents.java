package org.datasetexport.testdata;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.datasetexport.data.DataType;
import org.datasetexport.data.Field;
import org.datasetexport.data.Row;
import org.datasetexport.data.Schema;

/** A nested, experience-event-like dataset using every type, with nulls at every level (shared by format tests through the test-jar). */
public final class ExperienceEvents {
    public static final Schema SCHEMA = Schema.builder()
            .required("_id", DataType.STRING)
            .required("timestamp", DataType.TIMESTAMP)
            .optional("eventType", DataType.STRING)
            .optional("sequence", DataType.LONG)
            .optional("page", DataType.INT)
            .optional("consented", DataType.BOOLEAN)
            .optional("score", DataType.FLOAT)
            .optional("latency", DataType.DOUBLE)
            .optional("day", DataType.DATE)
            .optional("price", DataType.decimal(10, 2))
            .optional("bigAmount", DataType.decimal(38, 9))
            .optional("smallAmount", DataType.decimal(4, 4))
            .optional("payload", DataType.BINARY)
            .optional("identityMap", DataType.map(DataType.array(DataType.struct(
                    Field.required("id", DataType.STRING), Field.optional("primary", DataType.BOOLEAN)))))
            .optional("commerce", DataType.struct(
                    Field.optional("order", DataType.struct(
                            Field.optional("total", DataType.decimal(12, 2)),
                            Field.optional("currency", DataType.STRING),
                            Field.optional("payment", DataType.struct(
                                    Field.optional("type", DataType.STRING),
                                    Field.optional("at", DataType.TIMESTAMP))))),
                    Field.optional("items", DataType.array(DataType.struct(
                            Field.required("sku", DataType.STRING),
                            Field.optional("qty", DataType.INT),
                            Field.optional("tags", DataType.array(DataType.STRING)))))))
            .optional("scores", DataType.array(DataType.DOUBLE))
            .optional("attributes", DataType.map(DataType.STRING))
            .build();

    private ExperienceEvents() {
    }

    public static List<Row> rows(int count, long seed) {
        Random r = new Random(seed);
        List<Row> rows = new ArrayList<>(count);
        Instant base = Instant.parse("2026-11-28T09:00:00.123456Z");
        for (int i = 0; i < count; i++) {
            boolean sparse = i % 7 == 3;
            Map<String, Object> identities = new LinkedHashMap<>();
            identities.put("ECID", List.of(Row.of("ecid-" + i, true)));
            identities.put("Email", i % 5 == 0 ? null : Arrays.asList(Row.of("u" + i + "@example.com", null), null));
            Map<String, Object> attrs = new LinkedHashMap<>();
            attrs.put("browser", i % 2 == 0 ? "Firefox" : "Chrome \"quoted\"\nline");
            attrs.put("empty", "");
            attrs.put("nothing", null);
            attrs.put("ünïcødé ✓", "日本語 🚀");
            float score = i % 50 == 7 ? Float.NaN : i % 50 == 8 ? Float.POSITIVE_INFINITY : r.nextFloat() * 100;
            rows.add(Row.of(
                    "evt-" + i,
                    base.plusSeconds(i * 37L).plusNanos((i % 1000) * 1000L).minusSeconds(i % 3 == 0 ? 2_000_000_000L : 0),
                    sparse ? null : "commerce.purchases",
                    i % 11 == 0 ? Long.MIN_VALUE + i : r.nextLong(),
                    sparse ? null : i % 13 == 0 ? Integer.MAX_VALUE : r.nextInt(1000) - 500,
                    sparse ? null : i % 2 == 0,
                    sparse ? null : score,
                    sparse ? null : i % 17 == 0 ? -0.0 : r.nextGaussian() * 1e6,
                    sparse ? null : LocalDate.of(1969 + i % 100, 1 + i % 12, 1 + i % 28),
                    sparse ? null : BigDecimal.valueOf(r.nextInt(2_000_000) - 1_000_000, 2),
                    sparse ? null : new BigDecimal("12345678901234567890123456789").add(BigDecimal.valueOf(i, 9)).negate(),
                    sparse ? null : BigDecimal.valueOf(i % 10_000, 4),
                    sparse ? null : randomBytes(r, i % 40),
                    sparse ? null : identities,
                    sparse ? null : Row.of(
                            i % 4 == 0 ? null : Row.of(new BigDecimal("99.90").add(BigDecimal.valueOf(i)), "EUR",
                                    i % 8 == 1 ? null : Row.of("card", base.minusMillis(i))),
                            i % 6 == 0 ? null : List.of(
                                    Row.of("sku-" + i, 1, List.of("a", "b")),
                                    Row.of("sku-x", null, Arrays.asList("c", null)),
                                    Row.of("sku-y", 3, List.of()))),
                    sparse ? null : Arrays.asList(1.5, null, -2.25, Double.MAX_VALUE),
                    sparse ? null : attrs));
        }
        return rows;
    }

    /**
     * @param count how many rows
     * @return rows generated one at a time as they are iterated (row {@code i} from seed {@code i}),
     *         never held in memory: for multi-GB export tests
     */
    public static Iterable<Row> generated(int count) {
        return () -> new java.util.Iterator<>() {
            private int i;

            @Override
            public boolean hasNext() {
                return i < count;
            }

            @Override
            public Row next() {
                if (i >= count) {
                    throw new java.util.NoSuchElementException();
                }
                return rows(1, i++).get(0);
            }
        };
    }

    private static byte[] randomBytes(Random r, int size) {
        byte[] b = new byte[size];
        r.nextBytes(b);
        return b;
    }
}
