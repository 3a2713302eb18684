package org.datasetexport.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Driver;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.datasetexport.engine.ProviderRegistry;
import org.datasetexport.ConfigurationException;
import org.datasetexport.DestinationSpec;
import org.datasetexport.ExportListener;
import org.datasetexport.flows.ExportScheduler;
import org.datasetexport.ExportSettings;
import org.datasetexport.flows.FlowDefinition;
import org.datasetexport.Schedule;
import org.datasetexport.flows.StateStore;
import org.datasetexport.data.Dataset;
import org.datasetexport.encryption.pgp.PgpEncryption;
import org.datasetexport.flows.service.Connections;
import org.datasetexport.flows.service.DatasetCatalog;
import org.datasetexport.flows.service.EncryptionKeys;
import org.datasetexport.spi.Destination;

/**
 * The YAML file of {@code serve}, {@code flows} and {@code runs}: the state store, JDBC sources,
 * datasets, connections, encryption keys and flows, resolved into the SDK's objects. Relative
 * paths are relative to the file's folder. Every refusal names its key ({@code flows.orders.
 * schedule.every-hours: …}); unknown keys are refused; secrets must be references. Closing it
 * closes the connections it opened.
 */
final class FlowsFile implements AutoCloseable {
    private final Path base;
    private final SecretReferences secrets;
    private final Map<String, DataSource> sources = new LinkedHashMap<>();
    private final DatasetCatalog datasets = new DatasetCatalog();
    private final Connections connections = new Connections();
    private final List<Destination> opened = new ArrayList<>();
    private final EncryptionKeys keys = new EncryptionKeys();
    private final List<FlowDefinition> flows = new ArrayList<>();
    private StateStore stateStore;
    private Duration pollInterval = Duration.ofSeconds(15);
    private Duration closeTimeout = Duration.ofSeconds(30);

    private FlowsFile(Path file, SecretReferences secrets) {
        this.base = file.toAbsolutePath().getParent();
        this.secrets = secrets;
    }

    /**
     * @param file the YAML file
     * @param secrets resolves references
     * @return the loaded file, its connections open
     * @throws ConfigurationException naming the key of the first problem
     */
    static FlowsFile load(Path file, SecretReferences secrets) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (JsonProcessingException e) {
            // the location only: the parser's message may quote the line, and the line may hold a secret
            throw new ConfigurationException(file + " is not valid YAML"
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")" : ""), e);
        } catch (IOException e) {
            throw new ConfigurationException("cannot read " + file + " (" + e.getClass().getSimpleName() + ")", e);
        }
        ConfigurationException.check(root != null && !root.isMissingNode(), "%s is empty", file);
        FlowsFile f = new FlowsFile(file, secrets);
        try {
            f.read(new ConfigNode(root, "", secrets));
            return f;
        } catch (RuntimeException e) {
            f.close();
            throw e;
        }
    }

    private void read(ConfigNode root) {
        root.allow("state", "poll-interval", "close-timeout", "sources", "datasets", "connections", "encryption-keys", "flows");
        pollInterval = root.duration("poll-interval").orElse(pollInterval);
        closeTimeout = root.duration("close-timeout").orElse(closeTimeout);
        stateStore = stateStore(root.child("state").orElse(null));
        root.children("sources").forEach((name, s) -> {
            s.allow("url", "user", "password", "driver-path");
            sources.put(name, dataSource(s));
        });
        root.children("datasets").forEach((id, d) -> datasets.register(dataset(id, d)));
        root.children("connections").forEach((name, c) -> {
            c.allow("uri", "options");
            String uri = c.required("uri");
            Map<String, String> options = c.strings("options", ProviderRegistry.instance().destinationOptions(uri));
            try {
                DestinationSpec spec = DestinationSpec.of(uri, options);
                Destination destination = spec.open();
                opened.add(destination);
                connections.register(name, destination, spec);
            } catch (RuntimeException e) {
                throw new ConfigurationException(c.path() + ": " + e.getMessage(), e);
            }
        });
        root.children("encryption-keys").forEach((name, k) -> {
            k.allow("pgp-public-key");
            Path key = path(k.required("pgp-public-key"));
            try {
                keys.register(name, PgpEncryption.forPublicKey(Files.readAllBytes(key)));
            } catch (IOException e) {
                throw new ConfigurationException(k.at("pgp-public-key") + ": cannot read " + key + " (" + e.getClass().getSimpleName() + ")", e);
            } catch (ConfigurationException e) {
                throw new ConfigurationException(k.at("pgp-public-key") + ": " + e.getMessage(), e);
            }
        });
        root.children("flows").forEach((id, fl) -> flows.add(flow(id, fl)));
        ConfigurationException.check(!flows.isEmpty(), "the configuration declares no flows (flows: is missing or empty)");
    }

    private Path path(String value) {
        return base.resolve(value).normalize();
    }

    private StateStore stateStore(ConfigNode state) {
        if (state == null) {
            return StateStore.directory(base.resolve("datasetexport-state"));
        }
        state.allow("directory", "jdbc");
        ConfigurationException.check(state.has("directory") != state.has("jdbc"), "%s needs exactly one of directory and jdbc", state.path());
        if (state.has("directory")) {
            return StateStore.directory(path(state.required("directory")));
        }
        ConfigNode jdbc = state.child("jdbc").orElseThrow();
        jdbc.allow("url", "user", "password", "driver-path");
        return StateStore.jdbc(dataSource(jdbc));
    }

    private DataSource dataSource(ConfigNode s) {
        String url = s.required("url");
        ConfigurationException.check(url.startsWith("jdbc:"), "%s must be a jdbc: URL", s.at("url"));
        ConfigurationException.check(!url.toLowerCase(java.util.Locale.ROOT).contains("password="),
                "%s holds a password; put it in %s as ${env:NAME} or ${file:/path}", s.at("url"), s.at("password"));
        Driver driver = s.string("driver-path").map(p -> JdbcDrivers.load(s.at("driver-path"), path(p), url)).orElse(null);
        return new UrlDataSource(url, s.string("user").orElse(null), s.string("password").orElse(null), driver);
    }

    private Dataset dataset(String id, ConfigNode d) {
        d.allow("source", "table", "query", "split-column", "ingestion-column", "fetch-size", "unmapped-as-string",
                "folder", "input-format", "schema");
        ConfigurationException.check(d.has("source") != d.has("folder"), "%s needs exactly one of source (a JDBC source) and folder", d.path());
        try {
            if (d.has("folder")) {
                for (String jdbcOnly : List.of("table", "query", "split-column", "ingestion-column", "fetch-size", "unmapped-as-string")) {
                    ConfigurationException.check(!d.has(jdbcOnly), "%s applies to a JDBC source, not to a folder", d.at(jdbcOnly));
                }
                return Sources.folder(d.path(), path(d.required("folder")), d.string("input-format").orElse("parquet"),
                        d.string("schema").map(this::path).orElse(null), id);
            }
            String source = d.required("source");
            DataSource ds = sources.get(source);
            ConfigurationException.check(ds != null, "%s: no source named '%s' under sources (known: %s)", d.at("source"),
                    source, sources.keySet());
            return Sources.jdbc(d.path(), ds, new Sources.JdbcSpec(id, d.string("table").orElse(null),
                    d.string("query").orElse(null), d.string("split-column").orElse(null),
                    d.string("ingestion-column").orElse(null), d.integer("fetch-size").orElse(null),
                    d.bool("unmapped-as-string").orElse(false)));
        } catch (ConfigurationException e) {
            throw e.getMessage().startsWith(d.path()) ? e : new ConfigurationException(d.path() + ": " + e.getMessage(), e);
        }
    }

    private FlowDefinition flow(String id, ConfigNode f) {
        f.allow("dataset", "connection", "schedule", "settings");
        try {
            // schedule and settings in the SDK's one settings language: the same keys as the
            // Spring starter's properties and the state store's JSON
            ExportSettings settings = ExportSettings.fromTree(f.tree("settings"), f.at("settings"));
            settings.encryption().ifPresent(name -> ConfigurationException.check(keys.key(name).isPresent(),
                    "%s: no key named '%s' under encryption-keys (known: %s)", f.at("settings") + ".encryption-key", name,
                    keys.names()));
            ConfigurationException.check(f.has("schedule"), "%s is missing", f.at("schedule"));
            return FlowDefinition.builder()
                    .flowId(id)
                    .datasetId(f.required("dataset"))
                    .connection(f.required("connection"))
                    .schedule(Schedule.fromTree(f.tree("schedule"), f.at("schedule")))
                    .settings(settings)
                    .build();
        } catch (ConfigurationException e) {
            throw e.getMessage().startsWith(f.path()) ? e : new ConfigurationException(f.path() + ": " + e.getMessage(), e);
        }
    }

    /**
     * A scheduler over this file's store, datasets, connections and keys, with every flow of the
     * file created or re-attached (its history and watermark carried over).
     *
     * @param clock the scheduler's clock
     * @param polling whether the scheduler polls for due slots on its own thread ({@code serve})
     * @param listener told about every run, or null
     * @return the scheduler
     */
    ExportScheduler scheduler(Clock clock, boolean polling, ExportListener listener) {
        ExportScheduler.Builder b = ExportScheduler.builder().stateStore(stateStore).datasets(datasets).connections(connections)
                .encryptionKeys(keys).clock(clock).closeTimeout(closeTimeout);
        if (polling) {
            b.pollInterval(pollInterval);
        } else {
            b.withoutBackgroundPolling();
        }
        if (listener != null) {
            b.listener(listener);
        }
        // created before the first poll: a bad flow late in the file stops serve before any export
        flows.forEach(definition -> b.flow(definition, "flows." + definition.flowId()));
        return b.build();
    }

    /** @return the flows the file declares, in file order */
    List<FlowDefinition> flows() {
        return List.copyOf(flows);
    }

    @Override
    public void close() {
        for (Destination d : opened) {
            try {
                d.close();
            } catch (Exception e) {
                // closing is best effort; the destination's type only (a message may quote an option)
                org.slf4j.LoggerFactory.getLogger(FlowsFile.class).warn("closing a {} connection failed: {}", d.type(),
                        e.getClass().getSimpleName());
            }
        }
        opened.clear();
    }
}
