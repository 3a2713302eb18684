package org.datasetexport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.datasetexport.data.Datasets;
import org.datasetexport.data.Row;
import org.datasetexport.testing.MemoryDestination;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 23, item 4: {@code parallelism(n)} pays off for a dataset that plans one split (any
 * iterable that is not a random-access list, one big file, a query without a split key): one
 * reader fans its rows out to several encoders, each writing its own files.
 */
class FanOutTest {
    private final MemoryDestination memory = MemoryDestination.create();

    @AfterEach
    void noLeaks() {
        memory.assertNoOpenOutputs();
    }

    /** The rows, with the one at {@code index} (0-based) replaced by what {@code replacement} gives (or throws). */
    private static Iterable<Row> replacing(Iterable<Row> rows, int index, java.util.function.Supplier<Row> replacement) {
        return () -> new Iterator<>() {
            private final Iterator<Row> source = rows.iterator();
            private int i;

            @Override
            public boolean hasNext() {
                return source.hasNext();
            }

            @Override
            public Row next() {
                Row row = source.next();
                return i++ == index ? replacement.get() : row;
            }
        };
    }

    private static List<Long> ids(MemoryDestination memory, String path) throws IOException {
        try (InputStream in = memory.open(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(l -> Long.parseLong(l.substring(4, l.indexOf(',')))).toList();
        }
    }

    @Test
    void oneSplit_parallelismTwo_twoEncodersWriteEveryRowOnce_eachFileInSourceOrder() throws Exception {
        Set<String> writerThreads = ConcurrentHashMap.newKeySet();
        ExportResult result = DatasetExport.from(Datasets.of("people", ExportTestData.SCHEMA, ExportTestData.streamed(100_000)))
                .to(memory).format(recording(writerThreads, null)).parallelism(2).maxRecordsPerFile(20_000).run();

        assertThat(writerThreads).hasSize(2).allSatisfy(t -> assertThat(t).contains("-split0-encoder"));
        assertThat(result.records()).isEqualTo(100_000);
        assertThat(result.files()).allSatisfy(f -> assertThat(f.name()).startsWith("part-00000-" + result.runId() + "-c"));
        assertThat(result.files().stream().map(ExportedFile::name).distinct()).hasSameSizeAs(result.files());
        List<Long> all = new ArrayList<>();
        for (ExportedFile f : result.files()) {
            List<Long> ids = ids(memory, f.path());
            assertThat(ids).as(f.name()).hasSize((int) f.records()).isSorted();
            all.addAll(ids);
        }
        assertThat(all).hasSize(100_000).doesNotHaveDuplicates();
        assertThat(all.stream().mapToLong(Long::longValue).sum()).isEqualTo(99_999L * 100_000 / 2);
    }

    @Test
    void aBadRowSeenByAnEncoder_failsTheRunNamingItsSourceRow_asOneWorkerWould_andNothingRemains() {
        Iterable<Row> rows = replacing(ExportTestData.streamed(50_000), 31_337, () -> Row.of(null, "no id", null));
        Throwable sequential = org.assertj.core.api.Assertions.catchThrowable(() -> DatasetExport.from(
                Datasets.of("people", ExportTestData.SCHEMA, rows)).to(memory).format(new TextLinesFormat()).run());
        assertThat(sequential).isInstanceOf(RecordException.class).hasMessageContaining("row 31337, field \"id\"");
        assertThatThrownBy(() -> DatasetExport.from(Datasets.of("people", ExportTestData.SCHEMA, rows)).to(memory)
                .format(new TextLinesFormat()).parallelism(2).maxRecordsPerFile(5_000).run())
                .isInstanceOf(RecordException.class).hasMessage(sequential.getMessage());
        assertThat(memory.committedPaths()).isEmpty();
    }

    @Test
    void aFailingSource_failsTheRunWithItsOwnException_andNothingRemains() {
        Iterable<Row> rows = replacing(ExportTestData.streamed(60_000), 40_000, () -> {
            throw new IllegalStateException("source broke at row 40000");
        });
        assertThatThrownBy(() -> DatasetExport.from(Datasets.of("people", ExportTestData.SCHEMA, rows)).to(memory)
                .format(new TextLinesFormat()).parallelism(3).maxRecordsPerFile(5_000).run())
                .isInstanceOf(ExportException.class).hasStackTraceContaining("source broke at row 40000");
        assertThat(memory.committedPaths()).isEmpty();
    }

    @Test
    void aFailingCommit_stopsTheReaderAndTheOtherEncoder_andNothingRemains() {
        memory.failNth(MemoryDestination.Operation.COMMIT, 3, new IOException("disk full"));
        assertThatThrownBy(() -> DatasetExport.from(Datasets.of("people", ExportTestData.SCHEMA, ExportTestData.streamed(200_000)))
                .to(memory).format(new TextLinesFormat()).parallelism(2).maxRecordsPerFile(10_000).run())
                .isInstanceOf(DestinationException.class).hasMessageContaining("disk full");
        assertThat(memory.committedPaths()).isEmpty();
    }

    /**
     * Bounded memory: with both encoders blocked in their first row, the reader runs ahead by at
     * most the queue (2 batches per encoder) plus one batch per encoder and the batch it fills.
     */
    @Test
    void aStalledEncoder_holdsTheReaderAtTheQueueBound() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicLong produced = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread run = new Thread(() -> {
            try {
                DatasetExport.from(Datasets.of("people", ExportTestData.SCHEMA, ExportTestData.streamed(1_000_000, produced))).to(memory)
                        .format(recording(ConcurrentHashMap.newKeySet(), release)).parallelism(2).run();
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        run.start();
        long bound = (3L * 2 + 1) * 512;
        long seen = 0;
        for (int i = 0; i < 20; i++) {
            Thread.sleep(50);
            seen = Math.max(seen, produced.get());
        }
        assertThat(seen).isPositive().isLessThanOrEqualTo(bound);
        release.countDown();
        run.join(Duration.ofMinutes(1).toMillis());
        assertThat(failure.get()).isNull();
        assertThat(produced.get()).isEqualTo(1_000_000);
    }

    /** Records the writing threads and, given a latch, holds every writer at each row until it is released. */
    private static HookedTextFormat recording(Set<String> threads, CountDownLatch release) {
        return new HookedTextFormat(() -> {
            threads.add(Thread.currentThread().getName());
            if (release != null) {
                try {
                    release.await(1, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
        });
    }
}
