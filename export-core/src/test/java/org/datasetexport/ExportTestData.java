package org.datasetexport;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.datasetexport.data.DataType;
import org.datasetexport.data.Dataset;
import org.datasetexport.data.Datasets;
import org.datasetexport.data.Field;
import org.datasetexport.data.Row;
import org.datasetexport.data.Schema;

/** Small datasets shared by the engine tests. */
public final class ExportTestData {
    public static final Schema SCHEMA = Schema.of(
            Field.required("id", DataType.LONG),
            Field.optional("name", DataType.STRING),
            Field.optional("address", DataType.struct(
                    Field.optional("city", DataType.STRING),
                    Field.optional("geo", DataType.struct(Field.required("lat", DataType.DOUBLE))))));

    private ExportTestData() {
    }

    public static Row row(int i) {
        return Row.of((long) i, "name-" + i, Row.of("city-" + (i % 10), Row.of(i / 1000.0)));
    }

    public static List<Row> rows(int count) {
        List<Row> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            rows.add(row(i));
        }
        return rows;
    }

    /** The rows of {@link #rows}, made while iterated: not a list, so a dataset of them plans one split. */
    public static Iterable<Row> streamed(int count) {
        return streamed(count, new java.util.concurrent.atomic.AtomicLong());
    }

    /** As {@link #streamed(int)}, counting the rows handed out in {@code produced}. */
    public static Iterable<Row> streamed(int count, java.util.concurrent.atomic.AtomicLong produced) {
        return () -> new java.util.Iterator<>() {
            private int i;

            @Override
            public boolean hasNext() {
                return i < count;
            }

            @Override
            public Row next() {
                produced.incrementAndGet();
                return row(i++);
            }
        };
    }

    public static Dataset dataset(int count) {
        return Datasets.of("people", SCHEMA, rows(count));
    }

    public static Dataset datasetWithIngestion(int count, Instant start) {
        return Datasets.of("events", SCHEMA, rows(count), r -> start.plusSeconds((Long) r.get(0)));
    }
}
