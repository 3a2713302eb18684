package org.datasetexport.data;

import java.time.Instant;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.RandomAccess;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.datasetexport.ConfigurationException;
import org.datasetexport.ExportException;

/**
 * In-memory datasets over any {@link Iterable} of rows. The iterable is iterated afresh by each
 * run, so a lazily generating iterable exports data that never sits in memory as a whole.
 *
 * <p>A random-access {@code List} is split into contiguous ranges of at least
 * {@value #MIN_ROWS_PER_SPLIT} rows so {@code parallelism} pays off; any other iterable is one
 * split.
 */
public final class Datasets {
    /** Lists shorter than this many rows per split are not split further. */
    public static final int MIN_ROWS_PER_SPLIT = 10_000;

    private Datasets() {
    }

    /**
     * A dataset without ingestion time: every run exports every row, whatever its window.
     *
     * @param id the dataset id (letters, digits, {@code . _ -})
     * @param schema the schema the rows match
     * @param rows the rows; iterated once per run
     * @return the dataset
     * @throws ConfigurationException on a null argument or an invalid id
     */
    public static Dataset of(String id, Schema schema, Iterable<Row> rows) {
        return new InMemoryDataset(id, schema, rows, null);
    }

    /**
     * A dataset whose rows carry an ingestion time, so runs select the rows inside their window
     * (incremental exports).
     *
     * @param id the dataset id (letters, digits, {@code . _ -})
     * @param schema the schema the rows match
     * @param rows the rows; iterated once per run
     * @param ingestionTime gives each row's ingestion time; must not return null
     * @return the dataset
     * @throws ConfigurationException on a null argument or an invalid id
     */
    public static Dataset of(String id, Schema schema, Iterable<Row> rows, Function<Row, Instant> ingestionTime) {
        return new InMemoryDataset(id, schema, rows,
                ConfigurationException.requireNonNull(ingestionTime, "ingestionTime"));
    }

    /**
     * @param dataset any dataset
     * @param labels data-usage labels for the whole dataset
     * @return the same dataset carrying these labels (plus any it had)
     */
    public static Dataset withLabels(Dataset dataset, String... labels) {
        ConfigurationException.requireNonNull(dataset, "dataset");
        ConfigurationException.requireNonNull(labels, "labels");
        Set<String> all = new TreeSet<>(dataset.labels());
        for (String label : labels) {
            all.add(ConfigurationException.requireNonNull(label, "label"));
        }
        Set<String> copy = Collections.unmodifiableSet(all);
        return new ForwardingDataset(dataset) {
            @Override
            public Set<String> labels() {
                return copy;
            }
        };
    }

    private static final class InMemoryDataset implements Dataset {
        private final String id;
        private final Schema schema;
        private final Iterable<Row> rows;
        private final Function<Row, Instant> ingestionTime;

        InMemoryDataset(String id, Schema schema, Iterable<Row> rows, Function<Row, Instant> ingestionTime) {
            this.id = ConfigurationException.requireNonNull(id, "id");
            this.schema = ConfigurationException.requireNonNull(schema, "schema");
            this.rows = ConfigurationException.requireNonNull(rows, "rows");
            this.ingestionTime = ingestionTime;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public Schema schema() {
            return schema;
        }

        @Override
        public boolean hasIngestionTime() {
            return ingestionTime != null;
        }

        @Override
        public List<RangeSplit> plan(ScanRequest request) {
            if (!(rows instanceof List<?> list) || !(rows instanceof RandomAccess)) {
                return List.of(new RangeSplit(0, Long.MAX_VALUE, request.window()));
            }
            int size = list.size();
            int count = Math.max(1, Math.min(request.desiredSplits(), size / MIN_ROWS_PER_SPLIT));
            RangeSplit[] splits = new RangeSplit[count];
            for (int i = 0; i < count; i++) {
                long start = (long) size * i / count;
                long end = (long) size * (i + 1) / count;
                splits[i] = new RangeSplit(start, end, request.window());
            }
            return List.of(splits);
        }

        @Override
        public RowReader read(Split split) {
            if (!(split instanceof RangeSplit range)) {
                throw new ConfigurationException("split " + split + " was not planned by dataset \"" + id + "\"");
            }
            return new InMemoryReader(range);
        }

        private final class InMemoryReader implements RowReader {
            private final RangeSplit range;
            private final Iterator<Row> iterator;
            private long position;
            private long lastReturned = -1;
            /** A row may itself be null (the validator rejects it, naming the row), so "pending" needs its own flag. */
            private Row pending;
            private boolean hasPending;

            InMemoryReader(RangeSplit range) {
                this.range = range;
                if (rows instanceof List<Row> list && range.start() > 0) {
                    this.iterator = list.listIterator((int) range.start());
                } else {
                    this.iterator = rows.iterator();
                }
                this.position = range.start();
            }

            @Override
            public boolean hasNext() {
                while (!hasPending && position < range.end() && iterator.hasNext()) {
                    Row row = iterator.next();
                    long rowNumber = position++;
                    if (selected(row, rowNumber)) {
                        pending = row;
                        hasPending = true;
                        lastReturned = rowNumber;
                    }
                }
                return hasPending;
            }

            private boolean selected(Row row, long rowNumber) {
                if (ingestionTime == null || row == null) {
                    return true;
                }
                Instant time = ingestionTime.apply(row);
                if (time == null) {
                    throw new ExportException("Dataset \"" + id + "\", row " + rowNumber
                            + ": the ingestion-time function returned null");
                }
                return range.window().contains(time);
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Row row = pending;
                pending = null;
                hasPending = false;
                return row;
            }

            @Override
            public long rowNumber() {
                return lastReturned;
            }

            @Override
            public void close() {
                // nothing held: the iterable belongs to the caller
            }
        }
    }

    /** A contiguous range of rows {@code [start, end)} of an in-memory dataset. */
    private record RangeSplit(long start, long end, TimeWindow window) implements Split {
        @Override
        public String description() {
            return end == Long.MAX_VALUE ? "all rows" : "rows " + start + "-" + (end - 1);
        }
    }
}
