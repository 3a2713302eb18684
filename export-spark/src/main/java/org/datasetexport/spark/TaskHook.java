package org.datasetexport.spark;

import java.io.Serializable;
import java.util.List;

/** A test seam: runs in a task after it committed its files and before it reports them to the driver. */
@FunctionalInterface
interface TaskHook extends Serializable {
    /**
     * @param partition the task's partition
     * @param attempt the attempt number (0 for the first)
     * @param committed the destination-relative paths the attempt committed
     * @throws Exception to fail the task at that point
     */
    void afterCommit(int partition, int attempt, List<String> committed) throws Exception;
}
