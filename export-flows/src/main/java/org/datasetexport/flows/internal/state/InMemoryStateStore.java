package org.datasetexport.flows.internal.state;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.datasetexport.flows.ExportRun;
import org.datasetexport.flows.StateStore;
import org.datasetexport.flows.state.StoredFlow;

/** {@link StateStore#inMemory()}: maps guarded by this object's monitor. */
public final class InMemoryStateStore implements StateStore {
    private final Map<String, StoredFlow> flows = new LinkedHashMap<>();
    private final Map<String, Map<String, ExportRun>> runs = new LinkedHashMap<>();

    @Override
    public synchronized List<StoredFlow> flows() {
        return List.copyOf(flows.values());
    }

    @Override
    public synchronized Optional<StoredFlow> flow(String flowId) {
        return Optional.ofNullable(flows.get(flowId));
    }

    @Override
    public synchronized boolean insert(StoredFlow flow) {
        return flows.putIfAbsent(flow.flowId(), flow) == null;
    }

    @Override
    public synchronized boolean replace(StoredFlow expected, StoredFlow updated) {
        StoredFlow current = flows.get(expected.flowId());
        if (current == null || current.version() != expected.version()) {
            return false;
        }
        flows.put(expected.flowId(), updated);
        return true;
    }

    @Override
    public synchronized void delete(String flowId) {
        flows.remove(flowId);
        runs.remove(flowId);
    }

    @Override
    public synchronized void saveRun(ExportRun run) {
        runs.computeIfAbsent(run.flowId(), k -> new LinkedHashMap<>()).put(run.runId(), run);
    }

    @Override
    public synchronized List<ExportRun> runs(String flowId, int offset, int limit) {
        List<ExportRun> all = new ArrayList<>(runs.getOrDefault(flowId, Map.of()).values());
        all.sort(RunOrder.NEWEST_FIRST);
        return all.stream().skip(offset).limit(limit).toList();
    }

    @Override
    public synchronized int pruneRuns(String flowId, int keep) {
        Map<String, ExportRun> flowRuns = runs.get(flowId);
        if (flowRuns == null || flowRuns.size() <= keep) {
            return 0;
        }
        List<ExportRun> all = new ArrayList<>(flowRuns.values());
        all.sort(RunOrder.NEWEST_FIRST);
        List<ExportRun> old = all.subList(keep, all.size());
        old.forEach(r -> flowRuns.remove(r.runId()));
        return old.size();
    }

    /** Newest first: by start time, then slot, then run id for a stable order. */
    static final class RunOrder {
        static final Comparator<ExportRun> NEWEST_FIRST = Comparator.comparing(ExportRun::startedAt)
                .thenComparing(ExportRun::scheduledTime).thenComparing(ExportRun::runId).reversed();

        private RunOrder() {
        }
    }
}
