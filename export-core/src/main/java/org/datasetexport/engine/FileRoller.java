package org.datasetexport.engine;

import java.util.concurrent.atomic.AtomicInteger;
import org.datasetexport.ExportListener;
import org.datasetexport.ExportedFile;
import org.datasetexport.data.Row;
import org.datasetexport.engine.FileNames;

/**
 * Validates rows and writes them to one file at a time, rolling to the next at
 * {@code maxRecordsPerFile} or {@code maxFileSize}. A file is opened only when a row arrives for
 * it. The encoders of a fanned-out split share the split's file counter, so their names stay
 * unique ({@code part-<split>-<run>-c000}, {@code c001}, …). Not thread-safe: one per worker.
 */
final class FileRoller implements RowSink {
    private final RunContext ctx;
    private final int splitIndex;
    private final AtomicInteger seq;
    /** The folder its files go to: the run folder, or a partition directory below it. */
    private final String folder;
    private final boolean validates;
    private OpenFile file;
    private long unreportedRecords;
    private long reportedBytesOfOpenFile;

    FileRoller(RunContext ctx, int splitIndex, AtomicInteger seq) {
        this(ctx, splitIndex, seq, "", true);
    }

    /**
     * @param partitionDirectory the partition directory below the run folder, or empty
     * @param validates whether {@link #accept} validates rows (a partitioned writer validates before it routes them)
     */
    FileRoller(RunContext ctx, int splitIndex, AtomicInteger seq, String partitionDirectory, boolean validates) {
        this.ctx = ctx;
        this.splitIndex = splitIndex;
        this.seq = seq;
        this.folder = partitionDirectory.isEmpty() ? ctx.folderPath : ctx.folderPath + "/" + partitionDirectory;
        this.validates = validates;
    }

    @Override
    public void accept(Row row, long rowNumber) {
        if (validates) {
            row = ctx.validator.validate(row, rowNumber); // what was validated is what is encoded
        }
        if (file == null) {
            file = openNext();
        }
        file.write(row);
        if (++unreportedRecords >= ExportListener.PROGRESS_EVERY_RECORDS) {
            report(file);
        }
        if (file.records() >= ctx.plan.settings().maxRecordsPerFile() || file.estimatedSize() >= ctx.plan.settings().maxFileSize()) {
            OpenFile full = file;
            file = null;
            commit(full);
        }
    }

    /** Commits the open file, if any. */
    @Override
    public void finish() {
        if (file != null) {
            OpenFile last = file;
            file = null;
            commit(last);
        }
    }

    /** Writes and commits one file with no rows (for {@code EmptyOutput.WRITE_EMPTY_FILE}); a failed commit leaves nothing. */
    void writeEmptyFile() {
        file = openNext();
        finish();
    }

    /** Aborts the open file, if any: nothing of it remains. */
    @Override
    public void abort(Throwable failure) {
        if (file != null) {
            file.abort(failure);
            file = null;
        }
    }

    private OpenFile openNext() {
        String name = FileNames.dataFile(splitIndex, ctx.runId, seq.getAndIncrement(), ctx.extension);
        return OpenFile.open(ctx, folder + "/" + name);
    }

    private void commit(OpenFile open) {
        ExportedFile committed;
        try {
            committed = open.commit();
        } catch (RuntimeException | Error e) {
            open.abort(e);
            throw e;
        }
        ctx.listeners.emit(l -> l.fileCommitted(committed));
        ctx.addProgress(unreportedRecords, committed.sizeBytes() - reportedBytesOfOpenFile);
        unreportedRecords = 0;
        reportedBytesOfOpenFile = 0;
    }

    private void report(OpenFile open) {
        long written = open.bytesWritten();
        ctx.addProgress(unreportedRecords, written - reportedBytesOfOpenFile);
        unreportedRecords = 0;
        reportedBytesOfOpenFile = written;
    }
}
