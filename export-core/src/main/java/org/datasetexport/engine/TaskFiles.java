package org.datasetexport.engine;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.datasetexport.ExportedFile;
import org.datasetexport.data.Row;
import org.datasetexport.data.TimeWindow;
import org.datasetexport.engine.FileNames;

/**
 * One task of a distributed run (export-spark): writes the rows of one partition into the run's
 * folder with the run's names, validating and rolling files exactly as a worker of a local run,
 * and commits them; the driver then publishes the run ({@link ExportRunner#publish}). Files are
 * numbered from {@code firstSeq}, so attempts of the same partition never share a name. Not
 * thread-safe: one per task attempt.
 */
public final class TaskFiles {
    private final RunContext ctx;
    private final RowSink sink;
    private long rowNumber;

    private TaskFiles(RunContext ctx, RowSink sink) {
        this.ctx = ctx;
        this.sink = sink;
    }

    /**
     * @param plan the run's plan, rebuilt in the task (its destination and format live there)
     * @param runId the run id
     * @param scheduledTime the run's scheduled time (decides the {@code exportTime=} folder)
     * @param window the run's window
     * @param partition the partition's index: the {@code part-NNNNN} of its files
     * @param firstSeq the first file number ({@code c000} for a first attempt)
     * @return the task's writer
     */
    public static TaskFiles open(ExportPlan plan, String runId, Instant scheduledTime, TimeWindow window, int partition, int firstSeq) {
        String exportTime = FileNames.exportTime(scheduledTime);
        RunContext ctx = new RunContext(plan, runId, scheduledTime, exportTime, window,
                FileNames.runFolder(plan.settings().folder(), plan.dataset().id(), exportTime));
        return new TaskFiles(ctx, RowSink.forWorker(ctx, partition, new AtomicInteger(firstSeq)));
    }

    /**
     * @param row a row of the plan's schema
     * @throws org.datasetexport.RecordException when it does not match the schema (naming the dataset, row and field)
     */
    public void write(Row row) {
        sink.accept(row, rowNumber++);
    }

    /** @return the files this task committed, sorted by path, after committing the last one */
    public List<ExportedFile> commit() {
        sink.finish();
        return ctx.ledger.files();
    }

    /**
     * Writes and commits one file with no rows (a run with {@code EmptyOutput.WRITE_EMPTY_FILE} that
     * read none), as a local run does; the driver calls it when no task wrote a file.
     *
     * @return the committed file
     */
    public ExportedFile commitEmptyFile() {
        new FileRoller(ctx, 0, new AtomicInteger()).writeEmptyFile();
        List<ExportedFile> files = ctx.ledger.files();
        return files.get(files.size() - 1);
    }

    /**
     * Aborts the open file and deletes every file this task committed.
     *
     * @param failure why; failed deletes are attached to it as suppressed
     */
    public void abort(Throwable failure) {
        try {
            sink.abort(failure);
        } finally {
            ctx.ledger.rollback(failure);
        }
    }
}
