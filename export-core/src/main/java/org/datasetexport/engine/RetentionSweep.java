package org.datasetexport.engine;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.datasetexport.Retention;
import org.datasetexport.engine.Manifest;
import org.datasetexport.engine.ManifestCodec;
import org.datasetexport.engine.FileNames;
import org.datasetexport.spi.Destination;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a flow's {@link Retention} after one of its runs succeeded: finds the flow's exports by
 * their manifests (under {@code <folder>/<dataset>/exportTime=…/}, manifests whose flow id and
 * dataset are this plan's), keeps the newest ones the retention allows — always the run that just
 * succeeded — and removes each other one through its manifest: the manifest first (so a
 * half-removed export is never taken for complete), then exactly the files it lists, then the run
 * folder's {@code _SUCCESS} when nothing else is left beside it. Never throws: what could not be
 * removed is reported.
 */
final class RetentionSweep {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionSweep.class);

    private RetentionSweep() {
    }

    /**
     * @param removedRuns run ids whose exports were removed, oldest first
     * @param failures what could not be removed, and why
     */
    record Report(List<String> removedRuns, List<String> failures) {
        static final Report NONE = new Report(List.of(), List.of());

        Report {
            removedRuns = List.copyOf(removedRuns);
            failures = List.copyOf(failures);
        }

        boolean isEmpty() {
            return removedRuns.isEmpty() && failures.isEmpty();
        }

        String describe(Retention retention) {
            String removed = removedRuns.isEmpty() ? "removed no export" : "removed the exports of runs " + String.join(", ", removedRuns);
            return "retention " + retention + ": " + removed
                    + (failures.isEmpty() ? "" : "; could not remove: " + String.join("; ", failures));
        }
    }

    private record Found(String path, Manifest manifest) {
    }

    static Report sweep(ExportPlan plan, String currentRunId, Instant now) {
        Retention retention = plan.settings().retention().orElse(null);
        if (retention == null) {
            return Report.NONE;
        }
        Destination destination = plan.destination();
        String folder = plan.settings().folder();
        String prefix = (folder.isEmpty() ? "" : folder + "/") + plan.dataset().id() + "/exportTime=";
        List<Found> ours = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        try {
            for (String path : destination.list(prefix)) {
                String name = path.substring(path.lastIndexOf('/') + 1);
                if (!FileNames.isManifest(name)) {
                    continue;
                }
                try (InputStream in = destination.open(path)) {
                    Manifest m = ManifestCodec.read(in);
                    if (plan.flowId().equals(m.flowId()) && plan.dataset().id().equals(m.datasetId())) {
                        ours.add(new Found(path, m));
                    }
                } catch (IOException | RuntimeException e) {
                    // not readable as a manifest: not known to be this flow's, so not touched
                    LOG.warn("Retention of flow {}: skipping {}: {}", plan.flowId(), path, e.toString());
                }
            }
        } catch (IOException | RuntimeException e) {
            return new Report(List.of(), List.of("listing " + prefix + " failed: " + e.getMessage()));
        }
        ours.sort(Comparator.comparing((Found f) -> f.manifest().scheduledTime()).reversed()
                .thenComparing(f -> f.manifest().flowRunId().equals(currentRunId) ? 0 : 1));
        List<Found> remove = new ArrayList<>();
        int kept = 0;
        for (Found f : ours) {
            boolean current = f.manifest().flowRunId().equals(currentRunId);
            boolean keep = current || (retention.olderThanAge() != null
                    ? !f.manifest().scheduledTime().isBefore(now.minus(retention.olderThanAge()))
                    : kept < retention.keepLastCount() - 1);
            if (keep) {
                kept += current ? 0 : 1;
            } else {
                remove.add(f);
            }
        }
        List<String> removed = new ArrayList<>();
        for (int i = remove.size() - 1; i >= 0; i--) {
            Found f = remove.get(i);
            try {
                removeExport(destination, f);
                removed.add(f.manifest().flowRunId());
            } catch (IOException | RuntimeException e) {
                failures.add("run " + f.manifest().flowRunId() + " (" + f.path() + "): " + e.getMessage());
            }
        }
        Report report = new Report(removed, failures);
        if (!report.isEmpty()) {
            LOG.info("Flow {} run {}: {}", plan.flowId(), currentRunId, report.describe(retention));
        }
        return report;
    }

    private static void removeExport(Destination destination, Found f) throws IOException {
        destination.delete(f.path());
        for (Manifest.Entry entry : f.manifest().exportResults()) {
            destination.delete(entry.path());
        }
        String runFolder = f.path().substring(0, f.path().lastIndexOf('/') + 1);
        List<String> left = destination.list(runFolder);
        String marker = runFolder + FileNames.SUCCESS_MARKER;
        if (left.size() == 1 && left.get(0).equals(marker)) {
            destination.delete(marker);
        }
    }
}
