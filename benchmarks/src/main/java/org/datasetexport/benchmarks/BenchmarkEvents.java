package org.datasetexport.benchmarks;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.datasetexport.data.DataType;
import org.datasetexport.data.Field;
import org.datasetexport.data.Row;
import org.datasetexport.data.Schema;

/** Experience-event-like rows with nested fields, generated deterministically. */
final class BenchmarkEvents {
    static final Schema SCHEMA = Schema.builder()
            .required("_id", DataType.STRING)
            .required("timestamp", DataType.TIMESTAMP)
            .required("eventType", DataType.STRING)
            .optional("day", DataType.DATE)
            .optional("sequence", DataType.LONG)
            .optional("latency", DataType.DOUBLE)
            .optional("identityMap", DataType.map(DataType.array(DataType.struct(
                    Field.required("id", DataType.STRING), Field.optional("primary", DataType.BOOLEAN)))))
            .optional("web", DataType.struct(
                    Field.optional("page", DataType.struct(
                            Field.optional("name", DataType.STRING), Field.optional("url", DataType.STRING))),
                    Field.optional("referrer", DataType.STRING)))
            .optional("commerce", DataType.struct(
                    Field.optional("order", DataType.struct(
                            Field.optional("priceTotal", DataType.decimal(12, 2)),
                            Field.optional("currencyCode", DataType.STRING))),
                    Field.optional("productListItems", DataType.array(DataType.struct(
                            Field.required("sku", DataType.STRING), Field.optional("quantity", DataType.INT))))))
            .build();

    private BenchmarkEvents() {
    }

    static List<Row> rows(int count) {
        List<Row> rows = new ArrayList<>(count);
        generated(count).forEach(rows::add);
        return rows;
    }

    /** The same rows as {@link #rows}, generated while iterated (nothing held): one split. */
    static Iterable<Row> generated(int count) {
        return () -> new java.util.Iterator<>() {
            private final Random r = new Random(17);
            private int i;

            @Override
            public boolean hasNext() {
                return i < count;
            }

            @Override
            public Row next() {
                return row(r, i++);
            }
        };
    }

    private static final String[] TYPES = {"web.webpagedetails.pageViews", "commerce.productViews", "commerce.purchases"};
    private static final Instant START = Instant.parse("2026-11-27T00:00:00Z");

    private static Row row(Random r, int i) {
        String type = TYPES[r.nextInt(TYPES.length)];
        boolean purchase = type.equals("commerce.purchases");
        return Row.of(
                "evt-" + Long.toHexString(r.nextLong()),
                START.plusMillis(i * 13L).plusNanos(r.nextInt(1000) * 1000L),
                type,
                LocalDate.of(2026, 11, 1 + i % 28),
                r.nextLong(),
                r.nextDouble() * 1000,
                Map.of("ECID", List.of(Row.of("ecid-" + r.nextInt(200_000), true))),
                Row.of(Row.of("page " + r.nextInt(500), "https://shop.example/p/" + r.nextInt(5000)),
                        r.nextBoolean() ? null : "search"),
                purchase ? Row.of(Row.of(BigDecimal.valueOf(r.nextInt(1_000_000), 2), "EUR"),
                        List.of(Row.of("sku-" + r.nextInt(10_000), 1 + r.nextInt(3)))) : null);
    }
}
