package org.datasetexport.engine;

import java.io.IOException;
import java.io.OutputStream;
import org.datasetexport.DestinationException.Operation;
import org.datasetexport.ExportedFile;
import org.datasetexport.data.Row;
import org.datasetexport.spi.support.CountingDigestOutputStream;
import org.datasetexport.spi.OutputInfo;
import org.datasetexport.spi.RecordWriter;
import org.datasetexport.spi.StagedOutput;

/**
 * One data file being written: the staged output, the counting stream and the format writer.
 * {@link #commit()} finishes and publishes; {@link #abort()} leaves nothing.
 */
final class OpenFile {
    private final RunContext ctx;
    private final String path;
    private final StagedOutput output;
    private final CountingDigestOutputStream counter;
    private final RecordWriter writer;
    private long records;
    private boolean done;

    private OpenFile(RunContext ctx, String path, StagedOutput output, CountingDigestOutputStream counter, RecordWriter writer) {
        this.ctx = ctx;
        this.path = path;
        this.output = output;
        this.counter = counter;
        this.writer = writer;
    }

    static OpenFile open(RunContext ctx, String path) {
        StagedOutput output;
        try {
            output = ctx.plan.destination().create(path, new OutputInfo(ctx.runId, ctx.plan.dataset().id(), ctx.plan.settings().maxFileSize()));
        } catch (IOException | RuntimeException e) {
            throw Failures.wrap(e, ctx.destinationId(), path, Operation.CREATE);
        }
        try {
            CountingDigestOutputStream counter = new CountingDigestOutputStream(output.stream());
            // compression happens in the format, encryption after it: the counter sees the stored bytes
            OutputStream formatTarget = ctx.plan.encryption() == null ? counter
                    : ctx.plan.encryption().encrypt(counter, path.substring(path.lastIndexOf('/') + 1));
            RecordWriter writer = ctx.plan.format().open(ctx.plan.dataset().schema(), formatTarget, ctx.plan.settings().compression());
            return new OpenFile(ctx, path, output, counter, writer);
        } catch (IOException | RuntimeException e) {
            output.close();
            throw Failures.wrap(e, ctx.destinationId(), path, Operation.WRITE);
        }
    }

    void write(Row row) {
        try {
            writer.write(row);
            records++;
        } catch (IOException | RuntimeException e) {
            throw Failures.wrap(e, ctx.destinationId(), path, Operation.WRITE);
        }
    }

    long records() {
        return records;
    }

    /** @return stored bytes so far plus what the writer still buffers */
    long estimatedSize() {
        return counter.count() + writer.bufferedBytes();
    }

    long bytesWritten() {
        return counter.count();
    }

    ExportedFile commit() {
        try {
            writer.close();
        } catch (IOException | RuntimeException e) {
            throw Failures.wrap(e, ctx.destinationId(), path, Operation.WRITE);
        }
        ExportedFile file = new ExportedFile(path, counter.count(), records, counter.sha256Hex());
        ctx.ledger.aboutToCommit(path);
        try {
            output.commit();
        } catch (IOException | RuntimeException e) {
            throw Failures.wrap(e, ctx.destinationId(), path, Operation.COMMIT);
        }
        done = true;
        output.close();
        ctx.ledger.committed(file);
        return file;
    }

    /** Aborts the staged output first, so closing the writer cannot publish or upload anything. */
    void abort(Throwable failure) {
        if (done) {
            return;
        }
        done = true;
        try {
            output.close();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
        try {
            writer.close();
        } catch (IOException | RuntimeException ignored) {
            // the output is already aborted; a writer that cannot finish into it is expected
        }
    }
}
