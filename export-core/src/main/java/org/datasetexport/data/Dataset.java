package org.datasetexport.data;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A source of rows with a schema: what an export reads. {@link Datasets#of} gives in-memory
 * datasets; implement this interface for any other source.
 *
 * <p>Implementations must be thread-safe for {@link #read(Split)}: the engine reads different
 * splits from different workers at once. Each run calls {@link #plan} afresh.
 */
public interface Dataset {

    /**
     * @return the dataset id: 1 to 255 characters of letters, digits, {@code . _ -}; it becomes a
     *         folder name in the destination
     */
    String id();

    /** @return the schema every row matches */
    Schema schema();

    /**
     * @return data-usage labels that apply to the whole dataset (evaluated by export policies);
     *         none by default. {@link Datasets#withLabels} adds some to any dataset.
     */
    default Set<String> labels() {
        return Set.of();
    }

    /**
     * The source's own clock, for cut-offs: a database dataset returns the database's current time,
     * so rows stamped by the database are windowed by the same clock that stamped them. Empty (the
     * default) means the run uses the export's clock.
     *
     * @return the source's current time, if it has one
     */
    default Optional<Instant> currentTime() {
        return Optional.empty();
    }

    /**
     * Whether rows carry an ingestion time, so that {@link #plan} selects only the rows inside a
     * {@link ScanRequest}'s window. Incremental flows ({@code FIRST_FULL_THEN_INCREMENTAL}) are
     * refused for datasets that return false, since each of their runs would export every row
     * again. False by default: a dataset that honours windows overrides it.
     *
     * @return true when runs select rows by their ingestion time
     */
    default boolean hasIngestionTime() {
        return false;
    }

    /**
     * Splits the rows selected by {@code request} into parts that can be read independently.
     *
     * @param request the window and the desired number of splits
     * @return the splits, at least one (an empty dataset returns one split that yields nothing)
     */
    List<? extends Split> plan(ScanRequest request);

    /**
     * @param split one of the splits {@link #plan} returned for this run
     * @return a reader over the rows of that split that fall inside the planned window
     */
    RowReader read(Split split);
}
