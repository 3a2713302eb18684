package org.datasetexport.spark;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Counts the running task attempts of one run's jobs (its job group), from Spark's listener bus:
 * the driver publishes or rolls back only once every attempt — failed, retried, speculative,
 * killed — has ended, so no attempt can commit a file after the driver looked.
 */
final class ActiveTasks extends SparkListener {
    private final String group;
    private final Set<Integer> jobs = new HashSet<>();
    private final Set<Integer> stages = new HashSet<>();
    private int endedJobs;
    private int running;

    ActiveTasks(String group) {
        this.group = group;
    }

    @Override
    public synchronized void onJobStart(SparkListenerJobStart event) {
        if (event.properties() != null && group.equals(event.properties().getProperty("spark.jobGroup.id"))) {
            jobs.add(event.jobId());
            notifyAll();
            for (Object stage : CollectionConverters.asJava(event.stageIds())) {
                stages.add((Integer) stage);
            }
        }
    }

    @Override
    public synchronized void onJobEnd(SparkListenerJobEnd event) {
        if (jobs.contains(event.jobId())) {
            endedJobs++;
            notifyAll();
        }
    }

    @Override
    public synchronized void onTaskStart(SparkListenerTaskStart event) {
        if (stages.contains(event.stageId())) {
            running++;
        }
    }

    @Override
    public synchronized void onTaskEnd(SparkListenerTaskEnd event) {
        if (stages.contains(event.stageId())) {
            running--;
            notifyAll();
        }
    }

    /**
     * Waits until at least {@code minJobs} jobs of the group were seen, every one of them has ended
     * and no attempt of them runs (the listener bus delivers events after the fact, in order).
     *
     * @param minJobs jobs the caller knows ran (1 after a collect that returned or failed in a job)
     * @param timeout how long at most
     * @return whether that point was reached (false: an attempt was still reported running)
     */
    synchronized boolean awaitIdle(int minJobs, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (jobs.size() < minJobs || endedJobs < jobs.size() || running > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    synchronized int running() {
        return running;
    }
}
