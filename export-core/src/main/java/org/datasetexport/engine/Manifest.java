package org.datasetexport.engine;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The manifest of one run (DESIGN.md "Manifest"). The first three JSON fields match the
 * platform's manifest; the rest is ours.
 *
 * @param flowRunId the run id
 * @param scheduledTime the run's scheduled time
 * @param exportResults the committed data files
 * @param datasetId the dataset
 * @param flowId the flow (for a one-off run, the id a flow of the same settings would have)
 * @param format the format name
 * @param compression the compression name
 * @param mode the export mode name
 * @param windowFrom the window's exclusive start, or null
 * @param windowTo the window's inclusive end
 * @param records total rows
 * @param bytes total stored bytes
 * @param schemaJson the dataset schema in the SDK's JSON form
 * @param complete always true for a manifest the SDK wrote: it is written after every file
 * @param encryption the encryption scheme of the files ({@code openpgp}), or null when not encrypted
 * @param encryptionKeyId the recipient key's public id, or null
 */
public record Manifest(String flowRunId, Instant scheduledTime, List<Entry> exportResults, String datasetId,
                       String flowId, String format, String compression, String mode, Instant windowFrom,
                       Instant windowTo, long records, long bytes, String schemaJson, boolean complete,
                       String encryption, String encryptionKeyId) {

    /** Copies the list. */
    public Manifest {
        exportResults = List.copyOf(exportResults);
    }

    /**
     * One data file.
     *
     * @param sinkPath the folder, with a leading {@code /}, relative to the destination root
     * @param name the file name
     * @param size stored bytes
     * @param records rows
     * @param sha256 lower-case hex SHA-256 of the stored bytes
     * @param partitionValues the file's partition values by partition name (null for the null
     *        partition); empty when the export is not partitioned
     */
    public record Entry(String sinkPath, String name, long size, long records, String sha256,
                        Map<String, String> partitionValues) {

        /** Copies the values (nulls allowed), keeping their order. */
        public Entry {
            partitionValues = partitionValues == null ? Map.of()
                    : Collections.unmodifiableMap(new LinkedHashMap<>(partitionValues));
        }

        /**
         * An unpartitioned file.
         *
         * @param sinkPath the folder
         * @param name the file name
         * @param size stored bytes
         * @param records rows
         * @param sha256 hex SHA-256
         */
        public Entry(String sinkPath, String name, long size, long records, String sha256) {
            this(sinkPath, name, size, records, sha256, Map.of());
        }

        /** @return the destination-relative path of the file */
        public String path() {
            String folder = sinkPath.startsWith("/") ? sinkPath.substring(1) : sinkPath;
            return folder.isEmpty() ? name : folder + "/" + name;
        }
    }
}
