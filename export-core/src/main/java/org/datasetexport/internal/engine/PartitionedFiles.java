package org.datasetexport.internal.engine;

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
 * commits its file and is dropped; a later row of that partition starts its next file (with the
 * split's next number). Memory: at most {@code maxOpenFiles} open files per worker, whatever the
 * number of partition values. Not thread-safe: one per worker.
 */
final class PartitionedFiles implements RowSink {
    private final RunContext ctx;
    private final int splitIndex;
    private final AtomicInteger seq;
    private final int maxOpen;
    /** Access order: the eldest entry is the least recently used partition. */
    private final LinkedHashMap<String, FileRoller> open = new LinkedHashMap<>(16, 0.75f, true);

    PartitionedFiles(RunContext ctx, int splitIndex, AtomicInteger seq) {
        this.ctx = ctx;
        this.splitIndex = splitIndex;
        this.seq = seq;
        this.maxOpen = ctx.plan.settings().maxOpenFiles();
    }

    @Override
    public void accept(Row row, long rowNumber) {
        ctx.validator.validate(row, rowNumber);
        String directory = ctx.layout.directory(row);
        FileRoller files = open.get(directory);
        if (files == null) {
            if (open.size() >= maxOpen) {
                Iterator<Map.Entry<String, FileRoller>> eldest = open.entrySet().iterator();
                FileRoller leastRecent = eldest.next().getValue();
                eldest.remove();
                leastRecent.finish();
            }
            files = new FileRoller(ctx, splitIndex, seq, directory, false);
            open.put(directory, files);
        }
        files.accept(row, rowNumber);
    }

    @Override
    public void finish() {
        // one at a time: when a commit fails, the partitions not reached yet stay here for abort()
        Iterator<FileRoller> it = open.values().iterator();
        while (it.hasNext()) {
            FileRoller files = it.next();
            it.remove();
            files.finish();
        }
    }

    @Override
    public void abort(Throwable failure) {
        List<FileRoller> all = new ArrayList<>(open.values());
        open.clear();
        for (FileRoller files : all) {
            files.abort(failure);
        }
    }
}
