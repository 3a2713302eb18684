package org.datasetexport.engine;

import java.util.List;
import java.util.function.Consumer;
import org.datasetexport.ExportListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the run's listeners one event at a time (serialized across workers) and keeps a failing
 * listener from failing the export.
 */
final class ListenerDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(ListenerDispatcher.class);
    private final List<ExportListener> listeners;

    ListenerDispatcher(List<ExportListener> listeners) {
        this.listeners = listeners;
    }

    synchronized void emit(Consumer<ExportListener> event) {
        for (ExportListener listener : listeners) {
            try {
                event.accept(listener);
            } catch (RuntimeException e) {
                LOG.warn("Export listener {} threw; ignoring it", listener.getClass().getName(), e);
            }
        }
    }
}
