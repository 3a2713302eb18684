package org.datasetexport.engine;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.datasetexport.data.Row;

/**
 * One worker's files of a partitioned run: a {@link FileRoller} per partition directory, at most
 * {@code maxOpenFiles} of them open. When a row needs one more, the least recently used one
 * commits its file and is dropped; a partition that got no row for {@value #IDLE_ROWS} of the
 * worker's rows is committed too (data arriving partition after partition, such as time-ordered
 * rows by hour, then keeps about one file open instead of {@code maxOpenFiles}). A later row of a
 * committed partition starts its next file (with the split's next number). Memory: at most
 * {@code maxOpenFiles} open files per worker, whatever the number of partition values. Not
 * thread-safe: one per worker.
 */
final class PartitionedFiles implements RowSink {
    private final RunContext ctx;
    private final int splitIndex;
    private final AtomicInteger seq;
    /** Rows of this worker after which a partition that got none of them is committed. */
    static final long IDLE_ROWS = 10_000;

    private final int maxOpen;
    /** Access order: the eldest entry is the least recently used partition. */
    private final LinkedHashMap<String, Partition> open = new LinkedHashMap<>(16, 0.75f, true);
    private long rows;

    /** A partition's files and the worker's row count when it last got a row. */
    private static final class Partition {
        final FileRoller files;
        long lastRow;

        Partition(FileRoller files) {
            this.files = files;
        }
    }

    PartitionedFiles(RunContext ctx, int splitIndex, AtomicInteger seq) {
        this.ctx = ctx;
        this.splitIndex = splitIndex;
        this.seq = seq;
        this.maxOpen = ctx.plan.settings().maxOpenFiles();
    }

    @Override
    public void accept(Row row, long rowNumber) {
        row = ctx.validator.validate(row, rowNumber); // what was validated is what is encoded
        String directory = ctx.layout.directory(row);
        Partition partition = open.get(directory);
        if (partition == null) {
            ctx.layout.requireStorable(directory, ctx.plan.dataset().id(), rowNumber, ctx.folderPath.length() + 2
                    + FileNames.dataFile(splitIndex, ctx.runId, 999, ctx.extension).length());
            if (open.size() >= maxOpen) {
                commitEldest();
            }
            partition = new Partition(new FileRoller(ctx, splitIndex, seq, directory, false));
            open.put(directory, partition);
        }
        partition.lastRow = ++rows;
        partition.files.accept(row, rowNumber);
        // the eldest is the least recently used: commit it (and the next) while idle too long
        while (open.size() > 1) {
            Partition eldest = open.values().iterator().next();
            if (rows - eldest.lastRow < IDLE_ROWS) {
                break;
            }
            commitEldest();
        }
    }

    private void commitEldest() {
        Iterator<Map.Entry<String, Partition>> eldest = open.entrySet().iterator();
        Partition leastRecent = eldest.next().getValue();
        eldest.remove();
        leastRecent.files.finish();
    }

    @Override
    public void finish() {
        // one at a time: when a commit fails, the partitions not reached yet stay here for abort()
        Iterator<Partition> it = open.values().iterator();
        while (it.hasNext()) {
            Partition partition = it.next();
            it.remove();
            partition.files.finish();
        }
    }

    @Override
    public void abort(Throwable failure) {
        List<Partition> all = new ArrayList<>(open.values());
        open.clear();
        for (Partition partition : all) {
            partition.files.abort(failure);
        }
    }
}
