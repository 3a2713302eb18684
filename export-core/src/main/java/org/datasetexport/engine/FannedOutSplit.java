package org.datasetexport.engine;

import org.datasetexport.spi.support.RunMdc;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.datasetexport.data.Row;
import org.datasetexport.data.RowReader;
import org.datasetexport.data.Split;

/**
 * One split read by one thread and written by several encoders when a run has more workers than
 * splits (a dataset that cannot split, one big file, a query without a split key): the reader
 * hands batches of rows through a bounded queue to {@code encoders} threads, each validating and
 * writing its own files with a {@link FileRoller}. Rows of the split may therefore spread over
 * several files, each file in source order. Memory: at most {@code 3 × encoders + 1} batches of
 * {@value #BATCH} rows exist at once (queued, being encoded, being filled). Any failure stops the
 * run; the first real one is thrown once every encoder has finished, so none writes during the
 * rollback.
 */
final class FannedOutSplit {
    static final int BATCH = 512;
    private static final long POLL_MILLIS = 50;

    /** Rows of one batch with their source row numbers; an empty batch ends the stream. */
    private record Batch(Row[] rows, long[] numbers, int size) {
    }

    private static final Batch END = new Batch(new Row[0], new long[0], 0);

    private final RunContext ctx;
    private final int splitIndex;
    private final Split split;
    private final int encoders;

    FannedOutSplit(RunContext ctx, int splitIndex, Split split, int encoders) {
        this.ctx = ctx;
        this.splitIndex = splitIndex;
        this.split = split;
        this.encoders = encoders;
    }

    void run() {
        BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(2 * encoders);
        AtomicInteger seq = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(encoders,
                ExportRunner.threads("datasetexport-" + ctx.runId.substring(0, 8) + "-split" + splitIndex + "-encoder"));
        try {
            List<Future<?>> futures = new ArrayList<>(encoders);
            for (int i = 0; i < encoders; i++) {
                futures.add(pool.submit(RunMdc.wrap(() -> encode(queue, RowSink.forWorker(ctx, splitIndex, seq)))));
            }
            RuntimeException readFailure = null;
            try {
                read(queue);
            } catch (RuntimeException e) {
                ctx.stop();
                readFailure = e;
            } catch (Error e) {
                ctx.stop();
                ExportRunner.awaitAll(ctx, futures);
                throw e;
            }
            try {
                ExportRunner.awaitAll(ctx, futures);
            } catch (RuntimeException | Error encoderFailure) {
                // an encoder's failure stopped the reader: the encoder's is the real one
                if (readFailure != null && !(readFailure instanceof RunContext.RunStopped)) {
                    readFailure.addSuppressed(encoderFailure);
                    throw readFailure;
                }
                throw encoderFailure;
            }
            if (readFailure != null) {
                throw readFailure;
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void read(BlockingQueue<Batch> queue) {
        try (RowReader reader = ctx.plan.dataset().read(split)) {
            Row[] rows = new Row[BATCH];
            long[] numbers = new long[BATCH];
            int size = 0;
            while (true) {
                ctx.checkNotStopped();
                if (!reader.hasNext()) {
                    break;
                }
                rows[size] = reader.next();
                numbers[size] = reader.rowNumber();
                if (++size == BATCH) {
                    put(queue, new Batch(rows, numbers, size));
                    rows = new Row[BATCH];
                    numbers = new long[BATCH];
                    size = 0;
                }
            }
            if (size > 0) {
                put(queue, new Batch(rows, numbers, size));
            }
            for (int i = 0; i < encoders; i++) {
                put(queue, END);
            }
        }
    }

    private void put(BlockingQueue<Batch> queue, Batch batch) {
        try {
            while (!queue.offer(batch, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                ctx.checkNotStopped();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunContext.RunStopped();
        }
    }

    private void encode(BlockingQueue<Batch> queue, RowSink files) {
        try {
            while (true) {
                Batch batch = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                ctx.checkNotStopped();
                if (batch == null) {
                    continue;
                }
                if (batch == END) {
                    break;
                }
                for (int i = 0; i < batch.size(); i++) {
                    files.accept(batch.rows()[i], batch.numbers()[i]);
                }
            }
            files.finish();
        } catch (InterruptedException e) {
            files.abort(e);
            throw new RunContext.RunStopped();
        } catch (RuntimeException | Error e) {
            files.abort(e);
            if (!(e instanceof RunContext.RunStopped)) {
                ctx.stop();
            }
            throw e;
        }
    }
}
