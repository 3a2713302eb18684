package org.datasetexport.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.HashSet;
import org.datasetexport.ConfigurationException;
import org.datasetexport.spi.Destination;
import org.datasetexport.spi.StoragePaths;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and removes the committed data files of runs that died (a {@code kill -9}, a power loss)
 * before they published: files no manifest lists and no live run owns, which a reader that globs the
 * folder (DuckDB, Spark, Athena) would otherwise read as part of the export.
 *
 * <p>Every run, one-off or flow, marks itself live in its destination while it runs: an object
 * {@value #MARKERS}{@code <runId>.<validUntil>.live} that it renews every third of its lease
 * (default {@value #DEFAULT_LEASE_TEXT}, settable with the system property
 * {@value #LEASE_PROPERTY}, an ISO-8601 duration) and removes once it has published or rolled back.
 * A marker that lapsed more than {@code olderThan} ago belongs to a dead run: its data files
 * ({@code part-…-<runId>-c…}) are deleted, unless a manifest of that run exists (it died after
 * publishing: only the marker goes). Files of runs without a marker (written before markers
 * existed) are never touched.
 *
 * <p>Every built-in destination's {@link Destination#cleanup(Duration)} calls this; a destination of
 * your own should too:
 *
 * <pre>{@code
 * @Override
 * public int cleanup(Duration olderThan) throws IOException {
 *     return removeMyTempFiles(olderThan) + AbandonedRuns.remove(this, olderThan);
 * }
 * }</pre>
 *
 * <p>Liveness is judged on wall clocks: a run's at renewal, the cleaner's at cleanup. A cleaner
 * whose clock runs ahead by more than the lease could take a live run for dead; that run then finds
 * its files gone at its commit point and fails instead of publishing an incomplete export.
 */
public final class AbandonedRuns {
    /** Where the live markers are, under the destination's root. */
    public static final String MARKERS = "_datasetexport/running/";
    /** The system property that sets the lease of a run's live marker (ISO-8601, e.g. {@code PT2M}). */
    public static final String LEASE_PROPERTY = "datasetexport.runMarkerLease";
    static final String DEFAULT_LEASE_TEXT = "PT2M";
    private static final String LIVE = ".live";
    private static final Duration DEFAULT_LEASE = Duration.parse(DEFAULT_LEASE_TEXT);
    private static final Logger LOG = LoggerFactory.getLogger(AbandonedRuns.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private AbandonedRuns() {
    }

    /**
     * @return the lease of a run's live marker: {@value #LEASE_PROPERTY} or 2 minutes
     * @throws ConfigurationException when the property is set but not a duration of at least a second
     */
    public static Duration lease() {
        String text = System.getProperty(LEASE_PROPERTY);
        if (text == null || text.isBlank()) {
            return DEFAULT_LEASE;
        }
        Duration lease;
        try {
            lease = Duration.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new ConfigurationException("system property " + LEASE_PROPERTY + " must be an ISO-8601 duration such as PT2M");
        }
        ConfigurationException.check(lease.compareTo(Duration.ofSeconds(1)) >= 0, "system property %s must be at least PT1S, got %s",
                LEASE_PROPERTY, lease);
        return lease;
    }

    /**
     * Removes the data files of runs whose live marker lapsed more than {@code olderThan} ago and
     * that published no manifest, then their markers.
     *
     * @param destination where to look
     * @param olderThan how long ago a marker must have lapsed; {@code Duration.ZERO} for every dead run
     * @return how many files (data files and markers) were removed
     * @throws IOException when listing or deleting fails
     * @throws ConfigurationException when {@code olderThan} is null or negative
     */
    public static int remove(Destination destination, Duration olderThan) throws IOException {
        ConfigurationException.requireNonNull(olderThan, "olderThan");
        ConfigurationException.check(!olderThan.isNegative(), "olderThan must not be negative, got %s", olderThan);
        return scan(destination).remove(olderThan);
    }

    /**
     * The runs that are dead now: their live marker has lapsed. A destination's {@code cleanup}
     * removes their invisible leftovers (temp files, pending uploads, whose key or name holds the run
     * id) whatever their age, since no live run can still complete them.
     *
     * @param destination where to look
     * @return the ids of runs whose markers have all lapsed
     * @throws IOException when listing fails
     */
    public static Set<String> deadRuns(Destination destination) throws IOException {
        return scan(destination).deadRuns();
    }

    /**
     * Lists the live markers once, for a cleanup that needs both the dead runs (before their
     * markers go) and {@link Scan#remove}.
     *
     * @param destination where to look
     * @return what the markers say
     * @throws IOException when listing fails
     */
    public static Scan scan(Destination destination) throws IOException {
        ConfigurationException.requireNonNull(destination, "destination");
        // one run may have two markers for a moment (the next is written before the previous is deleted)
        Map<String, List<String>> markersByRun = new LinkedHashMap<>();
        Map<String, Long> validUntil = new LinkedHashMap<>();
        for (String path : destination.list(MARKERS)) {
            String name = path.substring(path.lastIndexOf('/') + 1);
            int dot = name.endsWith(LIVE) ? name.lastIndexOf('.', name.length() - LIVE.length() - 1) : -1;
            if (dot <= 0) {
                continue; // not ours
            }
            long until;
            try {
                until = Long.parseLong(name.substring(dot + 1, name.length() - LIVE.length()));
            } catch (NumberFormatException e) {
                continue;
            }
            String runId = name.substring(0, dot);
            markersByRun.computeIfAbsent(runId, r -> new ArrayList<>()).add(path);
            validUntil.merge(runId, until, Math::max);
        }
        return new Scan(destination, markersByRun, validUntil);
    }

    /** @return what a run's marker holds: the run folder a cleanup looks in */
    static byte[] markerContent(String runId, String folder, Instant until) {
        try {
            return JSON.writeValueAsBytes(Map.of("runId", runId, "folder", folder, "validUntil", until.toString()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the marker path of a run, valid until {@code until} */
    static String markerPath(String runId, Instant until) {
        return MARKERS + runId + "." + until.toEpochMilli() + LIVE;
    }

    /** The live markers of a destination as one listing saw them. */
    public static final class Scan {
        private final Destination destination;
        private final Map<String, List<String>> markersByRun;
        private final Map<String, Long> validUntil;

        private Scan(Destination destination, Map<String, List<String>> markersByRun, Map<String, Long> validUntil) {
            this.destination = destination;
            this.markersByRun = markersByRun;
            this.validUntil = validUntil;
        }

        /** @return the ids of runs whose markers have all lapsed by now */
        public Set<String> deadRuns() {
            long now = System.currentTimeMillis();
            Set<String> dead = new HashSet<>();
            validUntil.forEach((run, until) -> {
                if (until < now) {
                    dead.add(run);
                }
            });
            return dead;
        }

        /**
         * Removes the data files of runs whose marker lapsed more than {@code olderThan} ago and
         * that published no manifest, then their markers.
         *
         * @param olderThan how long ago a marker must have lapsed; {@code Duration.ZERO} for every dead run
         * @return how many files (data files and markers) were removed
         * @throws IOException when listing or deleting fails
         * @throws ConfigurationException when {@code olderThan} is null or negative
         */
        public int remove(Duration olderThan) throws IOException {
            ConfigurationException.requireNonNull(olderThan, "olderThan");
            ConfigurationException.check(!olderThan.isNegative(), "olderThan must not be negative, got %s", olderThan);
            Instant now = Instant.now();
            int removed = 0;
            for (Map.Entry<String, List<String>> run : markersByRun.entrySet()) {
                String runId = run.getKey();
                long until = validUntil.get(runId);
                if (!Instant.ofEpochMilli(until).plus(olderThan).isBefore(now)) {
                    continue; // live, or dead too recently
                }
                String newest = run.getValue().stream().filter(m -> m.endsWith("." + until + LIVE)).findFirst().orElseThrow();
                String folder = folderOf(destination, newest);
                if (folder != null) {
                    removed += removeRunFiles(destination, runId, folder);
                }
                for (String marker : run.getValue()) {
                    destination.delete(marker);
                    removed++;
                }
            }
            return removed;
        }
    }

    /** @return the run folder the marker names, or null when the marker is unreadable (then only the marker goes) */
    private static String folderOf(Destination destination, String marker) throws IOException {
        try (InputStream in = destination.open(marker)) {
            JsonNode node = JSON.readTree(in.readNBytes(64 * 1024));
            String folder = node == null ? null : node.path("folder").asText(null);
            if (folder == null || folder.isEmpty()) {
                return null;
            }
            StoragePaths.requireValid(folder);
            return folder;
        } catch (NoSuchFileException e) {
            return null; // the run finished meanwhile
        } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
            LOG.warn("Destination {}: the live marker {} cannot be read ({}); it is removed, the files it may name are left in place",
                    destination.id(), marker, e.getClass().getSimpleName());
            return null;
        }
    }

    private static int removeRunFiles(Destination destination, String runId, String folder) throws IOException {
        List<String> files = destination.list(folder + "/");
        String manifestSuffix = "-" + runId + ".json";
        for (String path : files) {
            String name = path.substring(path.lastIndexOf('/') + 1);
            if (FileNames.isManifest(name) && name.endsWith(manifestSuffix)) {
                return 0; // it published, then died before removing its marker
            }
        }
        int removed = 0;
        String runPart = "-" + runId + "-c";
        for (String path : files) {
            String name = path.substring(path.lastIndexOf('/') + 1);
            if (name.startsWith("part-") && name.contains(runPart)) {
                destination.delete(path);
                removed++;
            }
        }
        if (removed > 0) {
            LOG.info("Destination {}: removed {} data file(s) of run {} under {}, which died before publishing", destination.id(),
                    removed, runId, folder);
        }
        return removed;
    }
}
