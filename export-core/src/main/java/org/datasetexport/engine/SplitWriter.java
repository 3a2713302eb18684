package org.datasetexport.engine;

import java.util.concurrent.atomic.AtomicInteger;
import org.datasetexport.data.Row;
import org.datasetexport.data.RowReader;
import org.datasetexport.data.Split;

/**
 * One worker's loop: reads one split and hands each row to a {@link RowSink} (a {@link FileRoller}, or
 * {@link PartitionedFiles} for a partitioned run), which validates it and writes it to the split's
 * current file: one open file at a time, or one per partition up to {@code maxOpenFiles}.
 */
final class SplitWriter {
    private final RunContext ctx;
    private final int splitIndex;
    private final Split split;

    SplitWriter(RunContext ctx, int splitIndex, Split split) {
        this.ctx = ctx;
        this.splitIndex = splitIndex;
        this.split = split;
    }

    void run() {
        RowSink files = RowSink.forWorker(ctx, splitIndex, new AtomicInteger());
        try (RowReader reader = ctx.plan.dataset().read(split)) {
            while (true) {
                ctx.checkNotStopped();
                if (!reader.hasNext()) {
                    break;
                }
                Row row = reader.next();
                files.accept(row, reader.rowNumber());
            }
            files.finish();
        } catch (RuntimeException | Error e) {
            files.abort(e);
            throw e;
        }
    }
}
