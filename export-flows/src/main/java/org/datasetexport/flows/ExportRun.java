package org.datasetexport.flows;

import org.datasetexport.Retention;
import org.datasetexport.SchemaChangePolicy;
import org.datasetexport.ConfigurationException;
import org.datasetexport.ExportResult;
import org.datasetexport.SchemaChange;
import java.time.Instant;
import java.util.Optional;
import org.datasetexport.data.TimeWindow;

/**
 * One run of a flow, as kept in the run history. Immutable.
 *
 * <p>Runs are made by the named factories and transitions, not by the canonical constructor:
 * {@link #scheduled} when a slot is claimed, then {@link #running}, then {@link #succeeded} or
 * {@link #ended}; {@link #definitionChanged} records a changed flow definition in the history.
 *
 * @param runId the run id (a UUID; part of the run's file names)
 * @param flowId the flow
 * @param status where the run is
 * @param trigger why it ran
 * @param slotsCovered how many schedule slots the run covers (more than 1 for a catch-up; 0 for a manual run)
 * @param scheduledTime the (latest) slot it ran for, or when a manual run was asked for (whole
 *        seconds); gives {@code exportTime}
 * @param startedAt when it started
 * @param finishedAt when it ended, empty while running
 * @param window the ingestion-time window it exported; its end is the run's cut-off
 * @param records rows exported (the platform's outputRecordCount)
 * @param fileCount data files committed (outputFileCount)
 * @param bytes stored bytes of those files (outputBytes)
 * @param manifestPath the manifest, when written
 * @param error what went wrong, for a failed or cancelled run
 * @param note what else the history should say: for {@link RunTrigger#DEFINITION_CHANGE}, the
 *        settings that changed; for a run with a {@link Retention}, which earlier exports it removed
 *        (or could not)
 * @param schema the schema (the SDK's JSON form) of the files the run writes, after the policy;
 *        the next run compares its own with the last successful run's. Empty for history entries
 *        that export nothing and for runs recorded before schema tracking.
 * @param schemaChange how that schema differs from the last successful run's, when it does
 *        (recorded whatever the flow's {@link SchemaChangePolicy}; a refused run is FAILED with it)
 * @param schemaFingerprint the SHA-256 (hex) of that schema's JSON; recorded also when the schema is
 *        too large to keep ({@value #MAX_KEPT_SCHEMA} characters), so the next run can still tell
 *        whether it changed
 */
public record ExportRun(String runId, String flowId, RunStatus status, RunTrigger trigger, int slotsCovered,
                        Instant scheduledTime, Instant startedAt, Optional<Instant> finishedAt, TimeWindow window,
                        long records, long fileCount, long bytes, Optional<String> manifestPath,
                        Optional<String> error, Optional<String> note, Optional<String> schema,
                        Optional<SchemaChange> schemaChange, Optional<String> schemaFingerprint) {

    /** The largest schema JSON kept in a run's history entry; larger ones keep only their fingerprint. */
    public static final int MAX_KEPT_SCHEMA = 50_000;

    /** Rejects nulls where a value is required. */
    public ExportRun {
        ConfigurationException.requireNonNull(runId, "runId");
        ConfigurationException.requireNonNull(flowId, "flowId");
        ConfigurationException.requireNonNull(status, "status");
        ConfigurationException.requireNonNull(trigger, "trigger");
        ConfigurationException.requireNonNull(scheduledTime, "scheduledTime");
        ConfigurationException.requireNonNull(startedAt, "startedAt");
        ConfigurationException.requireNonNull(window, "window");
        finishedAt = finishedAt == null ? Optional.empty() : finishedAt;
        manifestPath = manifestPath == null ? Optional.empty() : manifestPath;
        error = error == null ? Optional.empty() : error;
        note = note == null ? Optional.empty() : note;
        schema = schema == null ? Optional.empty() : schema;
        schemaChange = schemaChange == null ? Optional.empty() : schemaChange;
        schemaFingerprint = schemaFingerprint == null ? Optional.empty() : schemaFingerprint;
    }

    /** @return a builder holding this run's values, to change some of them */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * @param text what else the history should say (what the flow's retention removed, say)
     * @return this run with that note
     */
    public ExportRun withNote(String text) {
        return toBuilder().note(text).build();
    }

    /**
     * Records the schema the run writes: its JSON when at most {@link #MAX_KEPT_SCHEMA} characters,
     * and its fingerprint always.
     *
     * @param schemaJson the schema the run writes (the SDK's JSON form)
     * @param change how it differs from the last successful run's, or null when it does not (or there was none)
     * @return this run with them recorded
     */
    public ExportRun withSchema(String schemaJson, SchemaChange change) {
        ConfigurationException.requireNonNull(schemaJson, "schemaJson");
        return toBuilder().schema(schemaJson.length() <= MAX_KEPT_SCHEMA ? schemaJson : null).schemaChange(change)
                .schemaFingerprint(fingerprint(schemaJson)).build();
    }

    /**
     * @param schemaJson a schema's JSON
     * @return its SHA-256, lower-case hex: what {@link #schemaFingerprint()} holds
     */
    public static String fingerprint(String schemaJson) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(schemaJson.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * @return the schema's fingerprint: the one recorded, or computed from the schema of a run
     *         recorded before fingerprints were
     */
    public Optional<String> schemaFingerprintOrComputed() {
        return schemaFingerprint.isPresent() ? schemaFingerprint : schema.map(ExportRun::fingerprint);
    }

    /**
     * A claimed run that has not started yet.
     *
     * @param runId the run id
     * @param flowId the flow
     * @param trigger why it runs
     * @param slotsCovered slots it covers (0 for a manual run)
     * @param scheduledTime the slot, or when a manual run was asked for
     * @param claimedAt when it was claimed
     * @param window the window fixed at claim time
     * @return a {@link RunStatus#SCHEDULED} run with nothing exported yet
     */
    public static ExportRun scheduled(String runId, String flowId, RunTrigger trigger, int slotsCovered,
                                      Instant scheduledTime, Instant claimedAt, TimeWindow window) {
        return new ExportRun(runId, flowId, RunStatus.SCHEDULED, trigger, slotsCovered, scheduledTime, claimedAt,
                Optional.empty(), window, 0, 0, 0, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    /**
     * A history entry for a changed flow definition (see {@link RunTrigger#DEFINITION_CHANGE}).
     *
     * @param runId a fresh id for the entry
     * @param flowId the flow
     * @param at when the definition changed
     * @param watermark the flow's watermark, unchanged by the change, or null before the first success
     * @param changes what changed, for example {@code compression NONE -> GZIP}
     * @return a finished entry that exported nothing
     */
    public static ExportRun definitionChanged(String runId, String flowId, Instant at, Instant watermark, String changes) {
        TimeWindow window = watermark == null ? TimeWindow.upTo(at) : TimeWindow.between(watermark, watermark);
        return new ExportRun(runId, flowId, RunStatus.SUCCEEDED, RunTrigger.DEFINITION_CHANGE, 0, at, at,
                Optional.of(at), window, 0, 0, 0, Optional.empty(), Optional.empty(), Optional.of(changes), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    /**
     * @param at when the export started
     * @param runWindow the window it reads (the source's clock may have moved the cut-off)
     * @return this run as {@link RunStatus#RUNNING}
     */
    public ExportRun running(Instant at, TimeWindow runWindow) {
        return new ExportRun(runId, flowId, RunStatus.RUNNING, trigger, slotsCovered, scheduledTime, at, Optional.empty(),
                runWindow, 0, 0, 0, Optional.empty(), Optional.empty(), note, schema, schemaChange, schemaFingerprint);
    }

    /**
     * @param result what the export wrote
     * @param at when it finished
     * @return this run as {@link RunStatus#SUCCEEDED}, with the result's counts and manifest
     */
    public ExportRun succeeded(ExportResult result, Instant at) {
        return new ExportRun(runId, flowId, RunStatus.SUCCEEDED, trigger, slotsCovered, scheduledTime, startedAt,
                Optional.of(at), window, result.records(), result.files().size(), result.bytes(), result.manifestPath(),
                Optional.empty(), note, schema, schemaChange, schemaFingerprint);
    }

    /**
     * @param endStatus {@link RunStatus#FAILED} or {@link RunStatus#CANCELLED}
     * @param at when it ended
     * @param why what went wrong
     * @return this run ended with nothing exported (a failed run leaves nothing behind)
     */
    public ExportRun ended(RunStatus endStatus, Instant at, String why) {
        ConfigurationException.check(endStatus == RunStatus.FAILED || endStatus == RunStatus.CANCELLED,
                "a run ends FAILED or CANCELLED, not %s", endStatus);
        return new ExportRun(runId, flowId, endStatus, trigger, slotsCovered, scheduledTime, startedAt, Optional.of(at),
                window, 0, 0, 0, Optional.empty(), Optional.ofNullable(why), note, schema, schemaChange, schemaFingerprint);
    }

    /**
     * Changes some values of a run, keeping the rest: what a scheduler that records another
     * scheduler's run uses, so nothing (the schema above all) is dropped on the way.
     */
    public static final class Builder {
        private String runId;
        private String flowId;
        private RunStatus status;
        private RunTrigger trigger;
        private int slotsCovered;
        private Instant scheduledTime;
        private Instant startedAt;
        private Instant finishedAt;
        private TimeWindow window;
        private long records;
        private long fileCount;
        private long bytes;
        private String manifestPath;
        private String error;
        private String note;
        private String schema;
        private SchemaChange schemaChange;
        private String schemaFingerprint;

        private Builder(ExportRun r) {
            runId = r.runId;
            flowId = r.flowId;
            status = r.status;
            trigger = r.trigger;
            slotsCovered = r.slotsCovered;
            scheduledTime = r.scheduledTime;
            startedAt = r.startedAt;
            finishedAt = r.finishedAt.orElse(null);
            window = r.window;
            records = r.records;
            fileCount = r.fileCount;
            bytes = r.bytes;
            manifestPath = r.manifestPath.orElse(null);
            error = r.error.orElse(null);
            note = r.note.orElse(null);
            schema = r.schema.orElse(null);
            schemaChange = r.schemaChange.orElse(null);
            schemaFingerprint = r.schemaFingerprint.orElse(null);
        }

        /**
         * @param value see {@link ExportRun#status()}
         * @return this builder
         */
        public Builder status(RunStatus value) {
            status = ConfigurationException.requireNonNull(value, "status");
            return this;
        }

        /**
         * @param value see {@link ExportRun#finishedAt()}, null for none
         * @return this builder
         */
        public Builder finishedAt(Instant value) {
            finishedAt = value;
            return this;
        }

        /**
         * @param value see {@link ExportRun#window()}
         * @return this builder
         */
        public Builder window(TimeWindow value) {
            window = ConfigurationException.requireNonNull(value, "window");
            return this;
        }

        /**
         * @param recordCount see {@link ExportRun#records()}
         * @param files see {@link ExportRun#fileCount()}
         * @param byteCount see {@link ExportRun#bytes()}
         * @return this builder
         */
        public Builder output(long recordCount, long files, long byteCount) {
            records = recordCount;
            fileCount = files;
            bytes = byteCount;
            return this;
        }

        /**
         * @param value see {@link ExportRun#manifestPath()}, null for none
         * @return this builder
         */
        public Builder manifestPath(String value) {
            manifestPath = value;
            return this;
        }

        /**
         * @param value see {@link ExportRun#error()}, null for none
         * @return this builder
         */
        public Builder error(String value) {
            error = value;
            return this;
        }

        /**
         * @param value see {@link ExportRun#note()}, null for none
         * @return this builder
         */
        public Builder note(String value) {
            note = value;
            return this;
        }

        /**
         * @param value see {@link ExportRun#schema()}, null for none
         * @return this builder
         */
        public Builder schema(String value) {
            schema = value;
            return this;
        }

        /**
         * @param value see {@link ExportRun#schemaChange()}, null for none
         * @return this builder
         */
        public Builder schemaChange(SchemaChange value) {
            schemaChange = value;
            return this;
        }

        /**
         * @param value see {@link ExportRun#schemaFingerprint()}, null for none
         * @return this builder
         */
        public Builder schemaFingerprint(String value) {
            schemaFingerprint = value;
            return this;
        }

        /** @return the run */
        public ExportRun build() {
            return new ExportRun(runId, flowId, status, trigger, slotsCovered, scheduledTime, startedAt,
                    Optional.ofNullable(finishedAt), window, records, fileCount, bytes, Optional.ofNullable(manifestPath),
                    Optional.ofNullable(error), Optional.ofNullable(note), Optional.ofNullable(schema),
                    Optional.ofNullable(schemaChange), Optional.ofNullable(schemaFingerprint));
        }
    }
}
