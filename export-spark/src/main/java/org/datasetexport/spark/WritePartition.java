package org.datasetexport.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.sql.Row;
import org.datasetexport.ExportException;
import org.datasetexport.ExportedFile;
import org.datasetexport.engine.ExportPlan;
import org.datasetexport.engine.TaskFiles;
import org.datasetexport.spi.Destination;

/**
 * The task: writes one partition's rows through the SDK's format and destination into the run's
 * folder ({@code part-<partition>-<run>-c<seq>}; a retried attempt numbers its files from
 * {@code attempt × 100000}, so attempts never share a name), commits them and reports them. A task
 * that fails or is killed deletes what it committed before it ends; the driver removes what a lost
 * attempt could not.
 */
final class WritePartition implements Function2<Integer, Iterator<Row>, Iterator<TaskFile>> {
    private static final long serialVersionUID = 1L;
    static final int SEQ_PER_ATTEMPT = 100_000;

    private final TaskSpec spec;

    WritePartition(TaskSpec spec) {
        this.spec = spec;
    }

    @Override
    public Iterator<TaskFile> call(Integer partition, Iterator<Row> rows) throws Exception {
        TaskContext task = TaskContext.get();
        int attempt = task == null ? 0 : task.attemptNumber();
        try (Destination destination = spec.openDestination()) {
            ExportPlan plan = spec.plan(destination);
            TaskFiles files = TaskFiles.open(plan, spec.runId, spec.scheduledTime, spec.window(), partition, attempt * SEQ_PER_ATTEMPT);
            SparkSchemas.RowConverter converter = new SparkSchemas.RowConverter(plan.dataset().schema());
            List<ExportedFile> committed;
            try {
                long n = 0;
                while (rows.hasNext()) {
                    if ((++n & 1023) == 0 && task != null && task.isInterrupted()) {
                        throw new ExportException("task of partition " + partition + " of run " + spec.runId + " was killed");
                    }
                    files.write(converter.convert(rows.next()));
                }
                committed = files.commit();
                if (spec.afterCommit != null) {
                    spec.afterCommit.afterCommit(partition, attempt, committed.stream().map(ExportedFile::path).toList());
                }
            } catch (Exception | Error e) {
                files.abort(e);
                throw e;
            }
            List<TaskFile> out = new ArrayList<>(committed.size());
            for (ExportedFile f : committed) {
                out.add(new TaskFile(partition, attempt, f.path(), f.sizeBytes(), f.records(), f.sha256()));
            }
            return out.iterator();
        }
    }
}
