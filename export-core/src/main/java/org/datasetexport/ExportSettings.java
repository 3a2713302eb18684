package org.datasetexport;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.datasetexport.spi.StoragePaths;

/**
 * Every setting of an export that is not a live object: folder, format and its options,
 * compression, manifest, file limits, parallelism, empty output, mode, lag, purpose and the name
 * of the encryption key. One immutable value used everywhere: {@link ExportBuilder} collects into
 * it, a one-off run executes it, and a flow definition (export-flows) persists it (as JSON, so it survives
 * restarts). Live objects (the dataset, the destination, listeners, a policy, the clock) are not
 * part of it.
 *
 * <pre>{@code
 * ExportSettings settings = ExportSettings.builder()
 *         .folder("nightly").format("parquet").compression(Compression.ZSTD)
 *         .manifest(true).parallelism(4)
 *         .build();
 * ExportSettings more = settings.toBuilder().maxRecordsPerFile(1_000_000).build();
 * }</pre>
 *
 * <p>Defaults (what {@link #defaults()} holds): no folder, format {@code json} without options,
 * {@link Compression#NONE}, no manifest, {@code maxFileSize} {@value #DEFAULT_MAX_FILE_SIZE} bytes
 * (1 GiB), no record limit per file, parallelism 1, {@link EmptyOutput#NO_FILE},
 * {@link ExportMode#FULL}, no incremental lag, no purpose, no encryption.
 *
 * <p>Each setter validates its argument and throws a {@link ConfigurationException} naming the
 * setting, the value and what is allowed. Combinations that need the resolved format (a
 * compression it does not support) are checked when an export or flow starts. Immutable and
 * thread-safe; the builder is not thread-safe.
 */
public final class ExportSettings {
    /** The default {@code maxFileSize}: 1 GiB. */
    public static final long DEFAULT_MAX_FILE_SIZE = 1L << 30;
    /** The default format name. */
    public static final String DEFAULT_FORMAT = "json";
    /** Default partition files open at once per worker. */
    public static final int DEFAULT_MAX_OPEN_FILES = 64;

    private static final ExportSettings DEFAULTS = new Builder().build();

    private final String folder;
    private final String format;
    private final Map<String, String> formatOptions;
    private final Compression compression;
    private final boolean manifest;
    private final long maxFileSize;
    private final long maxRecordsPerFile;
    private final int parallelism;
    private final EmptyOutput emptyOutput;
    private final boolean successMarker;
    private final SchemaChangePolicy schemaChangePolicy;
    private final Retention retention;
    private final List<Partition> partitions;
    private final int maxOpenFiles;
    private final ExportMode mode;
    private final Duration incrementalLag;
    private final String purpose;
    private final String encryption;

    private ExportSettings(Builder b) {
        this.folder = b.folder;
        this.format = b.format;
        this.formatOptions = Map.copyOf(b.formatOptions);
        this.compression = b.compression;
        this.manifest = b.manifest;
        this.maxFileSize = b.maxFileSize;
        this.maxRecordsPerFile = b.maxRecordsPerFile;
        this.parallelism = b.parallelism;
        this.emptyOutput = b.emptyOutput;
        this.successMarker = b.successMarker;
        this.schemaChangePolicy = b.schemaChangePolicy;
        this.retention = b.retention;
        this.partitions = b.partitions;
        this.maxOpenFiles = b.maxOpenFiles;
        this.mode = b.mode;
        this.incrementalLag = b.incrementalLag;
        this.purpose = b.purpose;
        this.encryption = b.encryption;
    }

    /** @return the settings with every default */
    public static ExportSettings defaults() {
        return DEFAULTS;
    }

    /** @return a builder holding the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding these settings, to derive a changed copy */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Reads settings in the SDK's one settings language: a tree of kebab-case keys
     * ({@link #treeKeys()}) as YAML, JSON, Spring properties or a {@code Map} give it. Values may be
     * text or typed: sizes in bytes or {@code 8MiB}, durations ISO-8601 or {@code 30s}, enum values
     * in any case with {@code -} or {@code _} ({@code first-full-then-incremental}),
     * {@code partition-by} a list of {@code day:ts} / {@code bucket:16:id} specs, {@code retention}
     * a map with {@code keep-last} or {@code older-than}, {@code format-options} a map. Keys not
     * given keep their default. The CLI's flows YAML, the Spring starter's {@code settings} map, the
     * state store's JSON and Spark's task spec all read settings here.
     *
     * @param tree the settings
     * @param where where the tree came from ({@code flows.orders.settings}), prefixed to every
     *        refusal's message; empty for none
     * @return the settings
     * @throws ConfigurationException naming the key, for an unknown key or a value that is not valid
     */
    public static ExportSettings fromTree(Map<String, ?> tree, String where) {
        return SettingsTree.parse(tree, where);
    }

    /**
     * @return these settings in the settings language ({@link #fromTree}): every setting, optional
     *         ones only when set; {@code fromTree(s.toTree(), "")} equals {@code s}
     */
    public Map<String, Object> toTree() {
        return SettingsTree.print(this);
    }

    /** @return every key of the settings language, in the order {@link #toTree()} writes them */
    public static List<String> treeKeys() {
        return SettingsTree.KEYS;
    }

    /** @return the folder under the destination root ({@code folder/datasetId/exportTime=…/}), empty for none */
    public String folder() {
        return folder;
    }

    /** @return the format provider name, such as {@code json} or {@code parquet} */
    public String format() {
        return format;
    }

    /** @return the format provider's options, sorted by key; empty by default */
    public Map<String, String> formatOptions() {
        return new TreeMap<>(formatOptions);
    }

    /** @return the compression; the format must support it */
    public Compression compression() {
        return compression;
    }

    /** @return whether a manifest is written after the data files */
    public boolean manifest() {
        return manifest;
    }

    /** @return a file rolls over once it holds this many stored bytes */
    public long maxFileSize() {
        return maxFileSize;
    }

    /** @return a file rolls over after this many rows ({@link Long#MAX_VALUE}: no limit) */
    public long maxRecordsPerFile() {
        return maxRecordsPerFile;
    }

    /** @return how many workers write at once (see {@code ExportBuilder.parallelism}) */
    public int parallelism() {
        return parallelism;
    }

    /** @return what a run that selects no row writes */
    public EmptyOutput emptyOutput() {
        return emptyOutput;
    }

    /** @return whether a successful run writes an empty {@code _SUCCESS} into its run folder after the manifest */
    public boolean successMarker() {
        return successMarker;
    }

    /** @return the partitioned layout, outermost first; empty for none */
    public List<Partition> partitions() {
        return partitions;
    }

    /** @return partition files open at once per worker */
    public int maxOpenFiles() {
        return maxOpenFiles;
    }

    /** @return how many earlier exports of the flow are kept; empty to keep them all */
    public Optional<Retention> retention() {
        return Optional.ofNullable(retention);
    }

    /** @return what a flow run does when the schema differs from its last successful run's */
    public SchemaChangePolicy schemaChangePolicy() {
        return schemaChangePolicy;
    }

    /** @return what each run of a flow exports; one-off runs are always {@link ExportMode#FULL} */
    public ExportMode mode() {
        return mode;
    }

    /** @return how far a run's cut-off is held back behind its start, for rows that arrive late */
    public Duration incrementalLag() {
        return incrementalLag;
    }

    /** @return the declared purpose export policies evaluate, if any */
    public Optional<String> purpose() {
        return Optional.ofNullable(purpose);
    }

    /**
     * @return the name under which the encryption key is registered (see
     *         {@code ExportScheduler.encryptionKeys()}), if files are encrypted; the key itself
     *         is never part of the settings
     */
    public Optional<String> encryption() {
        return Optional.ofNullable(encryption);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExportSettings s && folder.equals(s.folder) && format.equals(s.format)
                && formatOptions.equals(s.formatOptions) && compression == s.compression && manifest == s.manifest
                && maxFileSize == s.maxFileSize && maxRecordsPerFile == s.maxRecordsPerFile
                && parallelism == s.parallelism && emptyOutput == s.emptyOutput && successMarker == s.successMarker
                && schemaChangePolicy == s.schemaChangePolicy && Objects.equals(retention, s.retention) && partitions.equals(s.partitions)
                && maxOpenFiles == s.maxOpenFiles && mode == s.mode
                && incrementalLag.equals(s.incrementalLag) && Objects.equals(purpose, s.purpose)
                && Objects.equals(encryption, s.encryption);
    }

    @Override
    public int hashCode() {
        return Objects.hash(folder, format, formatOptions, compression, manifest, maxFileSize, maxRecordsPerFile,
                parallelism, emptyOutput, successMarker, schemaChangePolicy, retention, partitions, maxOpenFiles, mode, incrementalLag, purpose, encryption);
    }

    @Override
    public String toString() {
        return "ExportSettings[folder=" + folder + ", format=" + format + ", formatOptions=" + formatOptions()
                + ", compression=" + compression + ", manifest=" + manifest + ", maxFileSize=" + maxFileSize
                + ", maxRecordsPerFile=" + maxRecordsPerFile + ", parallelism=" + parallelism
                + ", emptyOutput=" + emptyOutput + ", successMarker=" + successMarker
                + ", schemaChangePolicy=" + schemaChangePolicy + ", retention=" + retention + ", partitions=" + partitions + ", maxOpenFiles=" + maxOpenFiles + ", mode=" + mode + ", incrementalLag=" + incrementalLag
                + ", purpose=" + purpose + ", encryption=" + encryption + "]";
    }

    /**
     * Builds {@link ExportSettings}. Starts from the defaults (or from the settings it was made
     * from); every setter validates its argument, last call wins. Not thread-safe.
     */
    public static final class Builder {
        private String folder = "";
        private String format = DEFAULT_FORMAT;
        private Map<String, String> formatOptions = Map.of();
        private Compression compression = Compression.NONE;
        private boolean manifest;
        private long maxFileSize = DEFAULT_MAX_FILE_SIZE;
        private long maxRecordsPerFile = Long.MAX_VALUE;
        private int parallelism = 1;
        private EmptyOutput emptyOutput = EmptyOutput.NO_FILE;
        private boolean successMarker;
        private SchemaChangePolicy schemaChangePolicy = SchemaChangePolicy.ALLOW_ANY;
        private Retention retention;
        private List<Partition> partitions = List.of();
        private int maxOpenFiles = DEFAULT_MAX_OPEN_FILES;
        private ExportMode mode = ExportMode.FULL;
        private Duration incrementalLag = Duration.ZERO;
        private String purpose;
        private String encryption;

        private Builder() {
        }

        private Builder(ExportSettings s) {
            this.folder = s.folder;
            this.format = s.format;
            this.formatOptions = s.formatOptions;
            this.compression = s.compression;
            this.manifest = s.manifest;
            this.maxFileSize = s.maxFileSize;
            this.maxRecordsPerFile = s.maxRecordsPerFile;
            this.parallelism = s.parallelism;
            this.emptyOutput = s.emptyOutput;
            this.successMarker = s.successMarker;
            this.schemaChangePolicy = s.schemaChangePolicy;
            this.retention = s.retention;
            this.partitions = s.partitions;
            this.maxOpenFiles = s.maxOpenFiles;
            this.mode = s.mode;
            this.incrementalLag = s.incrementalLag;
            this.purpose = s.purpose;
            this.encryption = s.encryption;
        }

        /**
         * @param folder {@code /}-separated segments of letters, digits and {@code . _ = -}; empty for none
         * @return this builder
         * @throws ConfigurationException when null or not a valid folder (no {@code ..}, no control characters)
         */
        public Builder folder(String folder) {
            ConfigurationException.requireNonNull(folder, "folder");
            this.folder = folder.isEmpty() ? "" : StoragePaths.requireValidFolder(folder, "folder");
            return this;
        }

        /**
         * @param name a format provider name ({@code json}, {@code parquet}); default {@code json}
         * @return this builder
         * @throws ConfigurationException when null or blank
         */
        public Builder format(String name) {
            ConfigurationException.requireNonNull(name, "format name");
            ConfigurationException.check(!name.isBlank(), "format name must not be blank");
            this.format = name;
            return this;
        }

        /**
         * @param options the format provider's options (replacing any set before); unknown keys
         *        fail when the format is resolved
         * @return this builder
         * @throws ConfigurationException when null, or a key or value is null
         */
        public Builder formatOptions(Map<String, String> options) {
            ConfigurationException.requireNonNull(options, "format options");
            TreeMap<String, String> copy = new TreeMap<>();
            options.forEach((k, v) -> copy.put(ConfigurationException.requireNonNull(k, "format option key"),
                    ConfigurationException.requireNonNull(v, "format option \"" + k + "\"")));
            this.formatOptions = copy;
            return this;
        }

        /**
         * @param compression one the format supports; default {@code NONE}
         * @return this builder
         * @throws ConfigurationException when null
         */
        public Builder compression(Compression compression) {
            this.compression = ConfigurationException.requireNonNull(compression, "compression");
            return this;
        }

        /**
         * @param manifest whether to write {@code manifest-<destinationId>-<runId>.json} after the data files; default false
         * @return this builder
         */
        public Builder manifest(boolean manifest) {
            this.manifest = manifest;
            return this;
        }

        /**
         * @param bytes stored bytes at which a file rolls over; at least 1, default 1 GiB
         * @return this builder
         * @throws ConfigurationException when not positive
         */
        public Builder maxFileSize(long bytes) {
            ConfigurationException.check(bytes > 0, "maxFileSize must be positive, got %d", bytes);
            this.maxFileSize = bytes;
            return this;
        }

        /**
         * @param records rows after which a file rolls over; at least 1, default unlimited
         * @return this builder
         * @throws ConfigurationException when not positive
         */
        public Builder maxRecordsPerFile(long records) {
            ConfigurationException.check(records > 0, "maxRecordsPerFile must be positive, got %d", records);
            this.maxRecordsPerFile = records;
            return this;
        }

        /**
         * @param parallelism workers writing at once (splits, or encoders of a fanned-out split), 1 to 256; default 1
         * @return this builder
         * @throws ConfigurationException when out of range
         */
        public Builder parallelism(int parallelism) {
            ConfigurationException.check(parallelism >= 1 && parallelism <= 256,
                    "parallelism must be 1 to 256, got %d", parallelism);
            this.parallelism = parallelism;
            return this;
        }

        /**
         * @param emptyOutput what a run with zero rows writes; default {@link EmptyOutput#NO_FILE}
         * @return this builder
         * @throws ConfigurationException when null
         */
        public Builder emptyOutput(EmptyOutput emptyOutput) {
            this.emptyOutput = ConfigurationException.requireNonNull(emptyOutput, "emptyOutput");
            return this;
        }

        /**
         * @param successMarker whether a successful run writes an empty {@code _SUCCESS} into its run
         *                      folder after the manifest (the Spark/Hadoop convention schedulers wait
         *                      for); never on a failed run; default false
         * @return this builder
         */
        public Builder successMarker(boolean successMarker) {
            this.successMarker = successMarker;
            return this;
        }

        /**
         * @param partitions the partitioned layout, outermost first (empty for none); fields and
         *                   types are checked against the dataset before any row is read
         * @return this builder
         * @throws ConfigurationException when null or holding null
         */
        public Builder partitions(List<Partition> partitions) {
            ConfigurationException.requireNonNull(partitions, "partitions");
            partitions.forEach(p -> ConfigurationException.requireNonNull(p, "partition"));
            this.partitions = List.copyOf(partitions);
            return this;
        }

        /**
         * @param files partition files a worker keeps open at once, 1 to 10,000; default
         *              {@value ExportSettings#DEFAULT_MAX_OPEN_FILES}. When a row needs one more, the least recently
         *              used is committed (a later row of its partition starts a new file). Memory
         *              per worker is this many open files (a Parquet file buffers its row group).
         * @return this builder
         * @throws ConfigurationException when out of range
         */
        public Builder maxOpenFiles(int files) {
            ConfigurationException.check(files >= 1 && files <= 10_000, "maxOpenFiles must be 1 to 10,000, got %d", files);
            this.maxOpenFiles = files;
            return this;
        }

        /**
         * @param retention how many earlier exports of the flow (or of repeated runs into the same
         *                  folder and dataset) to keep; removed through their manifests after a
         *                  successful run; needs {@code manifest(true)}
         * @return this builder
         * @throws ConfigurationException when null
         */
        public Builder retention(Retention retention) {
            this.retention = ConfigurationException.requireNonNull(retention, "retention");
            return this;
        }

        /** @return this builder, keeping every earlier export (the default) */
        public Builder noRetention() {
            this.retention = null;
            return this;
        }

        /**
         * @param policy what a flow run does when its dataset's schema differs from the one its
         *               last successful run wrote; default {@link SchemaChangePolicy#ALLOW_ANY}
         *               (every change is reported whatever the policy)
         * @return this builder
         * @throws ConfigurationException when null
         */
        public Builder schemaChangePolicy(SchemaChangePolicy policy) {
            this.schemaChangePolicy = ConfigurationException.requireNonNull(policy, "schemaChangePolicy");
            return this;
        }

        /**
         * @param mode what each run of a flow exports; default {@link ExportMode#FULL}
         * @return this builder
         * @throws ConfigurationException when null
         */
        public Builder mode(ExportMode mode) {
            this.mode = ConfigurationException.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * @param lag how far each run's cut-off is held back behind its start; not negative, default zero
         * @return this builder
         * @throws ConfigurationException when null or negative
         */
        public Builder incrementalLag(Duration lag) {
            ConfigurationException.requireNonNull(lag, "incrementalLag");
            ConfigurationException.check(!lag.isNegative(), "incrementalLag must not be negative, got %s", lag);
            this.incrementalLag = lag;
            return this;
        }

        /**
         * @param purpose the declared purpose ("marketing action") that export policies evaluate
         * @return this builder
         * @throws ConfigurationException when null
         */
        public Builder purpose(String purpose) {
            this.purpose = ConfigurationException.requireNonNull(purpose, "purpose");
            return this;
        }

        /** @return this builder, with no purpose */
        public Builder noPurpose() {
            this.purpose = null;
            return this;
        }

        /**
         * @param keyName the name an encryption key is registered under (letters, digits, {@code . _ = -})
         * @return this builder
         * @throws ConfigurationException when null or not path-safe
         */
        public Builder encryption(String keyName) {
            this.encryption = StoragePaths.requireValidSegment(keyName, "encryption key name");
            return this;
        }

        /** @return this builder, with files not encrypted */
        public Builder noEncryption() {
            this.encryption = null;
            return this;
        }

        /** @return the settings */
        public ExportSettings build() {
            ConfigurationException.check(retention == null || manifest,
                    "retention(%s) removes earlier exports through their manifests: add manifest(true)", retention);
            return new ExportSettings(this);
        }
    }
}
