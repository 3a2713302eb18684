package org.datasetexport.data;

/**
 * A part of a dataset that one worker reads on its own, as planned by {@link Dataset#plan}. The
 * engine numbers splits by their position in the plan (the {@code part-NNNNN} of file names).
 * Implementations are immutable values owned by the dataset that made them.
 */
public interface Split {

    /** @return a short description for logs and messages, such as {@code rows 0-9999} */
    String description();
}
