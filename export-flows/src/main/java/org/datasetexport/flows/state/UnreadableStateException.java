package org.datasetexport.flows.state;

import org.datasetexport.ExportException;

/**
 * Persisted flow state that cannot be read: corrupt JSON, a missing field, or a
 * {@code formatVersion} written by a newer version of the SDK. Names the flow (when known) and the
 * store, so an operator knows which file or row to look at. Nothing is changed in the store.
 */
public final class UnreadableStateException extends ExportException {
    private static final long serialVersionUID = 1L;

    private final String flowId;
    private final String store;

    /**
     * @param flowId the flow whose state is unreadable, or null when not known
     * @param store the store, as its {@code toString()} describes it (no secrets)
     * @param problem what is wrong
     * @param cause the parse failure, or null
     */
    public UnreadableStateException(String flowId, String store, String problem, Throwable cause) {
        super("Cannot read the state of flow " + (flowId == null ? "(unknown)" : "\"" + flowId + "\"") + " in " + store
                + ": " + problem, cause);
        this.flowId = flowId;
        this.store = store;
    }

    /** @return the flow whose state is unreadable, or null when not known */
    public String flowId() {
        return flowId;
    }

    /** @return the store, as described in the message */
    public String store() {
        return store;
    }
}
