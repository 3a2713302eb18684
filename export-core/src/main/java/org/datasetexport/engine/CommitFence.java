package org.datasetexport.engine;

/**
 * The check a run makes at its commit point: after every data file is written and before it
 * publishes (the manifest, the success marker, the result). A flow's runner uses it to prove it
 * still owns its claim (a fence, in the sense of fencing tokens): when another scheduler took the
 * run over, {@link #beforePublish()} throws, and the run rolls back everything it wrote instead of
 * publishing a second copy of the window.
 */
@FunctionalInterface
public interface CommitFence {

    /** A fence that never refuses: one-off runs, which nobody else can take over. */
    CommitFence NONE = () -> {
    };

    /**
     * Called once, in the run's thread, right before the run publishes.
     *
     * @throws org.datasetexport.ExportException when the run may not publish; the run then fails
     *         with it and removes what it wrote
     */
    void beforePublish();
}
