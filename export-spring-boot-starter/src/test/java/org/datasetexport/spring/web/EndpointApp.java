package org.datasetexport.spring.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.datasetexport.data.DataType;
import org.datasetexport.data.Dataset;
import org.datasetexport.data.Datasets;
import org.datasetexport.data.Field;
import org.datasetexport.data.Row;
import org.datasetexport.data.Schema;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** A web application with one dataset bean; its flow and the endpoint's exposure are in {@code endpoint-app.yml}. */
@SpringBootApplication
public class EndpointApp {
    /** @return 100 events ingested before the flow's first slot */
    @Bean
    Dataset events() {
        List<Row> rows = new ArrayList<>();
        for (long i = 0; i < 100; i++) {
            rows.add(Row.of(i, Instant.parse("2025-12-31T00:00:00Z").plusSeconds(i)));
        }
        return Datasets.of("events", Schema.of(Field.required("id", DataType.LONG), Field.required("at", DataType.TIMESTAMP)),
                rows, r -> (Instant) r.get(1));
    }
}
