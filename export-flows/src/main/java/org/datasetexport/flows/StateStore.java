package org.datasetexport.flows;

import org.datasetexport.ConfigurationException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.datasetexport.flows.state.StoredFlow;
import org.datasetexport.flows.internal.state.DirectoryStateStore;
import org.datasetexport.flows.internal.state.InMemoryStateStore;
import org.datasetexport.flows.internal.state.JdbcStateStore;

/**
 * Where flows, their watermarks and their run history live, so flows survive restarts. Three
 * implementations ship: {@link #directory(Path)} (the embedded default, JSON files written
 * atomically), {@link #inMemory()} (tests), and {@link #jdbc(DataSource)} (plain JDBC on H2 or
 * PostgreSQL; several app instances may share it).
 *
 * <p>Implementations must be thread-safe. {@link #replace} is a compare-and-set on
 * {@link StoredFlow#version()}: it is how schedulers claim a slot without running it twice.
 */
public interface StateStore extends AutoCloseable {

    /**
     * @param directory the folder to keep state in; created when missing
     * @return a store of JSON files, safe across restarts of one app instance
     */
    static StateStore directory(Path directory) {
        return new DirectoryStateStore(ConfigurationException.requireNonNull(directory, "directory"));
    }

    /** @return a store that lives as long as the object (for tests) */
    static StateStore inMemory() {
        return new InMemoryStateStore();
    }

    /**
     * @param dataSource a database (H2 and PostgreSQL are tested); tables {@code datasetexport_flow}
     *        and {@code datasetexport_run} are created on first use
     * @return a store that several app instances may share
     */
    static StateStore jdbc(DataSource dataSource) {
        return new JdbcStateStore(ConfigurationException.requireNonNull(dataSource, "dataSource"));
    }

    /** @return every stored flow */
    List<StoredFlow> flows();

    /**
     * @param flowId a flow id
     * @return the stored flow, if any
     */
    Optional<StoredFlow> flow(String flowId);

    /**
     * @param flow a new flow
     * @return false when a flow with that id already exists (nothing is changed)
     */
    boolean insert(StoredFlow flow);

    /**
     * Replaces {@code expected} by {@code updated} only if the stored version still equals
     * {@code expected.version()}.
     *
     * @param expected the state read before
     * @param updated the new state, with {@code version = expected.version() + 1}
     * @return whether the replace happened
     */
    boolean replace(StoredFlow expected, StoredFlow updated);

    /**
     * Deletes a flow and its run history.
     *
     * @param flowId the flow
     */
    void delete(String flowId);

    /**
     * Inserts or replaces a run (by run id).
     *
     * @param run the run
     */
    void saveRun(ExportRun run);

    /**
     * @param flowId the flow
     * @param offset runs to skip, newest first
     * @param limit at most this many
     * @return runs, newest first (by start time)
     */
    List<ExportRun> runs(String flowId, int offset, int limit);

    /**
     * Bounds a flow's run history: removes its oldest runs (in the order of {@link #runs}) so that
     * at most {@code keep} remain. The scheduler calls it after each run it records
     * ({@code ExportScheduler.Builder.historyLimit}).
     *
     * @param flowId the flow
     * @param keep how many of the newest runs to keep, at least 1
     * @return how many runs were removed
     */
    int pruneRuns(String flowId, int keep);

    /**
     * The store's own clock, where it has one: schedulers sharing the store measure their runs'
     * leases on it, so clock skew between their machines cannot make a live run look abandoned. The
     * JDBC store answers with the database's {@code CURRENT_TIMESTAMP}; the directory and in-memory
     * stores have no clock (leases are then measured on each scheduler's clock, which must agree).
     *
     * @return the store's current time, or empty when it has no clock (the default)
     */
    default Optional<Instant> currentTime() {
        return Optional.empty();
    }

    /** Releases resources; the default does nothing. */
    @Override
    default void close() {
    }
}
