package org.datasetexport.engine;

import java.util.concurrent.atomic.AtomicInteger;
import org.datasetexport.data.Row;

/** Where a worker's rows go: one file at a time ({@link FileRoller}), or one per partition ({@link PartitionedFiles}). */
interface RowSink {
    /**
     * @param row a row of the split
     * @param rowNumber its number in the split, for messages
     */
    void accept(Row row, long rowNumber);

    /** Commits every open file. */
    void finish();

    /**
     * Aborts every open file: nothing of them remains.
     *
     * @param failure why
     */
    void abort(Throwable failure);

    /**
     * @param ctx the run
     * @param splitIndex the split the worker writes
     * @param seq the split's file counter, shared by its workers
     * @return the sink the run's layout asks for
     */
    static RowSink forWorker(RunContext ctx, int splitIndex, AtomicInteger seq) {
        return ctx.layout.isEmpty() ? new FileRoller(ctx, splitIndex, seq) : new PartitionedFiles(ctx, splitIndex, seq);
    }
}
