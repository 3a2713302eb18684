package org.datasetexport.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.datasetexport.ExportListener;
import org.datasetexport.ExportResult;
import org.datasetexport.ExportedFile;

/**
 * An {@link ExportListener} that keeps every event in order, for assertions. Thread-safe.
 */
public final class RecordingExportListener implements ExportListener {
    private final List<Object> events = new CopyOnWriteArrayList<>();

    @Override
    public void runStarted(RunStarted event) {
        events.add(event);
    }

    @Override
    public void fileCommitted(ExportedFile file) {
        events.add(file);
    }

    @Override
    public void progress(Progress event) {
        events.add(event);
    }

    @Override
    public void runFinished(ExportResult result) {
        events.add(result);
    }

    @Override
    public void runFailed(RunFailed event) {
        events.add(event);
    }

    /** @return every event so far, in order: RunStarted, ExportedFile, Progress, ExportResult or RunFailed */
    public List<Object> events() {
        return List.copyOf(events);
    }

    /**
     * @param type an event type
     * @param <T> that type
     * @return the events of that type, in order
     */
    public <T> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
