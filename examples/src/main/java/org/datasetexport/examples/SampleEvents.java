package org.datasetexport.examples;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.datasetexport.data.DataType;
import org.datasetexport.data.Field;
import org.datasetexport.data.Row;
import org.datasetexport.data.Schema;

/** Sample experience events with nested fields, generated in memory, used by the destination examples. */
final class SampleEvents {
    static final Schema SCHEMA = Schema.builder()
            .required("_id", DataType.STRING)
            .required("timestamp", DataType.TIMESTAMP)
            .required("eventType", DataType.STRING)
            .optional("identityMap", DataType.map(DataType.array(DataType.struct(
                    Field.required("id", DataType.STRING),
                    Field.optional("primary", DataType.BOOLEAN)))))
            .optional("web", DataType.struct(
                    Field.optional("page", DataType.struct(
                            Field.optional("name", DataType.STRING),
                            Field.optional("url", DataType.STRING))),
                    Field.optional("referrer", DataType.STRING)))
            .optional("commerce", DataType.struct(
                    Field.optional("order", DataType.struct(
                            Field.optional("priceTotal", DataType.decimal(12, 2)),
                            Field.optional("currencyCode", DataType.STRING))),
                    Field.optional("productListItems", DataType.array(DataType.struct(
                            Field.required("sku", DataType.STRING),
                            Field.optional("quantity", DataType.INT))))))
            .build();

    private SampleEvents() {
    }

    static List<Row> sampleEvents(int count) {
        Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(1, ChronoUnit.DAYS);
        String[] types = {"web.webpagedetails.pageViews", "commerce.productViews", "commerce.purchases"};
        List<Row> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String type = types[i % types.length];
            boolean purchase = type.equals("commerce.purchases");
            rows.add(Row.of(
                    "evt-" + i,
                    start.plusSeconds(i * 17L),
                    type,
                    Map.of("ECID", List.of(Row.of("ecid-" + (i % 800), true))),
                    Row.of(Row.of("page " + (i % 40), "https://shop.example/p/" + (i % 40)), i % 5 == 0 ? null : "search"),
                    purchase
                            ? Row.of(Row.of(BigDecimal.valueOf(1999 + i * 7L, 2), "EUR"),
                                    List.of(Row.of("sku-" + (i % 120), 1 + i % 3)))
                            : null));
        }
        return rows;
    }
}
