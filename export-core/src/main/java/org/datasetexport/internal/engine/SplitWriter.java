package org.datasetexport.internal.engine;

import org.datasetexport.ExportListener;
import org.datasetexport.ExportedFile;
import org.datasetexport.data.Row;
import org.datasetexport.data.RowReader;
import org.datasetexport.data.Split;
import org.datasetexport.internal.naming.FileNames;

/**
 * One worker's loop: reads one split, validates each row, writes it to the current file and
 * rolls to the next file at {@code maxRecordsPerFile} or {@code maxFileSize}. At most one file of
 * the split is open at a time; a file is opened only when a row arrives for it.
 */
final class SplitWriter {
    private final RunContext ctx;
    private final int splitIndex;
    private final Split split;
    private int seq;
    private long unreportedRecords;
    private long reportedBytesOfOpenFile;

    SplitWriter(RunContext ctx, int splitIndex, Split split) {
        this.ctx = ctx;
        this.splitIndex = splitIndex;
        this.split = split;
    }

    void run() {
        OpenFile file = null;
        try (RowReader reader = ctx.plan.dataset().read(split)) {
            while (true) {
                ctx.checkNotStopped();
                if (!reader.hasNext()) {
                    break;
                }
                Row row = reader.next();
                ctx.validator.validate(row, reader.rowNumber());
                if (file == null) {
                    file = openNext();
                }
                file.write(row);
                if (++unreportedRecords >= ExportListener.PROGRESS_EVERY_RECORDS) {
                    report(file);
                }
                if (file.records() >= ctx.plan.settings().maxRecordsPerFile() || file.estimatedSize() >= ctx.plan.settings().maxFileSize()) {
                    commit(file);
                    file = null;
                }
            }
            if (file != null) {
                commit(file);
                file = null;
            }
        } catch (RuntimeException | Error e) {
            if (file != null) {
                file.abort(e);
            }
            throw e;
        }
    }

    /** Writes one file with no rows (for {@code EmptyOutput.WRITE_EMPTY_FILE}). */
    void writeEmptyFile() {
        OpenFile file = openNext();
        try {
            commit(file);
        } catch (RuntimeException | Error e) {
            file.abort(e);
            throw e;
        }
    }

    private OpenFile openNext() {
        String name = FileNames.dataFile(splitIndex, ctx.runId, seq++, ctx.extension);
        return OpenFile.open(ctx, ctx.folderPath + "/" + name);
    }

    private void commit(OpenFile file) {
        ExportedFile committed = file.commit();
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
