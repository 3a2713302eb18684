package org.datasetexport.engine;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.datasetexport.ConfigurationException;

/** The folder layout and file names of DESIGN.md "What lands in the destination". */
public final class FileNames {
    private static final DateTimeFormatter EXPORT_TIME =
            DateTimeFormatter.ofPattern("yyyyMMddHHmm").withZone(ZoneOffset.UTC);

    /** The empty file a run with {@code successMarker(true)} writes last into its run folder. */
    public static final String SUCCESS_MARKER = "_SUCCESS";
    /** The first instant an {@code exportTime=yyyyMMddHHmm} folder can name (four-digit years). */
    public static final Instant EARLIEST_NAMEABLE = Instant.parse("0001-01-01T00:00:00Z");
    /** The last instant an {@code exportTime=yyyyMMddHHmm} folder can name. */
    public static final Instant LATEST_NAMEABLE = Instant.parse("9999-12-31T23:59:59Z");

    private FileNames() {
    }

    /**
     * @param scheduledTime the run's scheduled time
     * @return the {@code exportTime=} value: UTC, to the minute
     */
    public static String exportTime(Instant scheduledTime) {
        // a clock far off (a test clock at Instant.MAX) would give a folder name of another shape
        ConfigurationException.check(!scheduledTime.isBefore(EARLIEST_NAMEABLE) && !scheduledTime.isAfter(LATEST_NAMEABLE),
                "the run's time %s is outside years 1 to 9999, which exportTime=yyyyMMddHHmm can name; check the clock",
                scheduledTime);
        return EXPORT_TIME.format(scheduledTime);
    }

    /**
     * @param folder the user's folder, possibly empty
     * @param datasetId the dataset id
     * @param exportTime the {@code yyyyMMddHHmm} value
     * @return {@code folder/datasetId/exportTime=…} without leading or trailing slash
     */
    public static String runFolder(String folder, String datasetId, String exportTime) {
        String base = datasetId + "/exportTime=" + exportTime;
        return folder.isEmpty() ? base : folder + "/" + base;
    }

    /**
     * @param split the split's position in the plan
     * @param runId the run id
     * @param seq the file's number within its split
     * @param extension the format's extension without the dot
     * @return {@code part-<split:5>-<runId>-c<seq:3>.<ext>}
     */
    public static String dataFile(int split, String runId, int seq, String extension) {
        return String.format("part-%05d-%s-c%03d.%s", split, runId, seq, extension);
    }

    /**
     * @param destinationId the destination id
     * @param runId the run id
     * @return {@code manifest-<destinationId>-<runId>.json}
     */
    public static String manifest(String destinationId, String runId) {
        return "manifest-" + destinationId + "-" + runId + ".json";
    }

    /**
     * @param name a file name
     * @return whether it is a manifest name
     */
    public static boolean isManifest(String name) {
        return name.startsWith("manifest-") && name.endsWith(".json");
    }
}
