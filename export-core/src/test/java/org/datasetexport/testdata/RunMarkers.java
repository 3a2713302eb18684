package org.datasetexport.testdata;

import java.io.IOException;
import org.datasetexport.engine.AbandonedRuns;
import org.datasetexport.spi.Destination;

/** For kill tests: waits until the live markers a killed run left have lapsed, so a cleanup takes the run for dead. */
public final class RunMarkers {
    private RunMarkers() {
    }

    /**
     * @param destination where the killed run wrote
     * @param lease the lease the killed run was started with; a marker valid for longer fails the wait
     * @return whether there was a marker (a child killed while its JVM started had none yet)
     * @throws IllegalStateException when a marker is valid for longer than the lease from now
     */
    public static boolean awaitLapsed(Destination destination, java.time.Duration lease) throws IOException, InterruptedException {
        long until = 0;
        for (String path : destination.list(AbandonedRuns.MARKERS)) {
            String stem = path.substring(0, path.length() - ".live".length());
            until = Math.max(until, Long.parseLong(stem.substring(stem.lastIndexOf('.') + 1)));
        }
        if (until == 0) {
            return false;
        }
        long wait = until - System.currentTimeMillis();
        if (wait > lease.toMillis() + 1_000) {
            throw new IllegalStateException("a live marker is valid for " + wait + " ms more, longer than the run's lease of " + lease);
        }
        Thread.sleep(Math.max(0, wait + 50));
        return true;
    }
}
