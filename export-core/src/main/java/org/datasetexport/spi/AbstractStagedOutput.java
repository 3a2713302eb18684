package org.datasetexport.spi;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.datasetexport.ConfigurationException;

/**
 * A base for {@link StagedOutput}s that holds the lifecycle every destination needs, so a
 * destination only says how to publish and how to abort:
 * <ul>
 *   <li>{@link #commit()} runs {@link #publish()} once; success marks the output committed; either
 *       way the output is then closed (a failed publish is aborted);</li>
 *   <li>{@link #close()} runs {@link #abort()} unless committed, then {@link #release()}, once;</li>
 *   <li>a second commit, or a commit after close, fails; writes after close fail through
 *       {@link #ensureOpen()}.</li>
 * </ul>
 * Used by one thread, like any staged output; {@link #close()} may come from another (a cancel).
 */
public abstract class AbstractStagedOutput implements StagedOutput {
    private final String path;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean committed;

    /** @param path the destination-relative final path */
    protected AbstractStagedOutput(String path) {
        this.path = ConfigurationException.requireNonNull(path, "path");
    }

    @Override
    public final String path() {
        return path;
    }

    @Override
    public final void commit() throws IOException {
        if (closed.get()) {
            throw new IOException("output " + path + " was already " + (committed ? "committed" : "closed or aborted"));
        }
        try {
            publish();
            committed = true;
        } finally {
            close();
        }
    }

    /** Aborts unless committed, then releases what the output holds. Idempotent, never throws. */
    @Override
    public final void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            if (!committed) {
                abort();
            }
        } finally {
            release();
        }
    }

    /**
     * For the output's stream: fails once the output is committed, aborted or closed.
     *
     * @throws IOException when the output is closed
     */
    protected final void ensureOpen() throws IOException {
        if (closed.get()) {
            throw new IOException("output " + path + " is closed");
        }
    }

    /** @return whether {@link #commit()} succeeded */
    protected final boolean isCommitted() {
        return committed;
    }

    /**
     * Makes the file visible under its final name, complete; called at most once, by
     * {@link #commit()}.
     *
     * @throws java.nio.file.FileAlreadyExistsException when a file exists there (never overwrite it)
     * @throws IOException when publishing fails; {@link #abort()} follows
     */
    protected abstract void publish() throws IOException;

    /** Removes everything written (temp file, pending upload); best effort, never throws. */
    protected abstract void abort();

    /** Releases connections or buffers, after a commit or an abort; the default does nothing. */
    protected void release() {
    }
}
