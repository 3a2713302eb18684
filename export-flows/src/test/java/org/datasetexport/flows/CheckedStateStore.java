package org.datasetexport.flows;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.datasetexport.flows.state.StoredFlow;

/**
 * A state store for fault tests: every call is forwarded after a check the test decides — a
 * process that died (writes fail), a partition (every call fails). The check is told whether the
 * call writes, and throws to refuse it.
 */
final class CheckedStateStore implements StateStore {
    private final StateStore delegate;
    private final Consumer<Boolean> check;

    /**
     * @param delegate the real store
     * @param check called before each call with {@code true} for a write; throws to refuse it
     */
    CheckedStateStore(StateStore delegate, Consumer<Boolean> check) {
        this.delegate = delegate;
        this.check = check;
    }

    @Override
    public List<StoredFlow> flows() {
        check.accept(false);
        return delegate.flows();
    }

    @Override
    public Optional<StoredFlow> flow(String flowId) {
        check.accept(false);
        return delegate.flow(flowId);
    }

    @Override
    public boolean insert(StoredFlow flow) {
        check.accept(true);
        return delegate.insert(flow);
    }

    @Override
    public boolean replace(StoredFlow expected, StoredFlow updated) {
        check.accept(true);
        return delegate.replace(expected, updated);
    }

    @Override
    public void delete(String flowId) {
        check.accept(true);
        delegate.delete(flowId);
    }

    @Override
    public void saveRun(ExportRun run) {
        check.accept(true);
        delegate.saveRun(run);
    }

    @Override
    public List<ExportRun> runs(String flowId, int offset, int limit) {
        check.accept(false);
        return delegate.runs(flowId, offset, limit);
    }

    @Override
    public int pruneRuns(String flowId, int keep) {
        check.accept(true);
        return delegate.pruneRuns(flowId, keep);
    }
}
