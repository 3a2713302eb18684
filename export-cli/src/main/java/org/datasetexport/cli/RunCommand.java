package org.datasetexport.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.datasetexport.engine.ProviderRegistry;
import org.datasetexport.Compression;
import org.datasetexport.ConfigurationException;
import org.datasetexport.DatasetExport;
import org.datasetexport.ExportBuilder;
import org.datasetexport.ExportPreview;
import org.datasetexport.ExportResult;
import org.datasetexport.ExportedFile;
import org.datasetexport.Partition;
import org.datasetexport.data.Dataset;
import org.datasetexport.encryption.pgp.PgpEncryption;
import org.datasetexport.spi.OptionValues;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code datasetexport run --from <source> --to <uri>}: a one-off export with the builder's
 * settings, or its preview with {@code --dry-run}. Sources: a JDBC URL with {@code --table} or
 * {@code --query}, or a folder of Parquet, JSON Lines or CSV files.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Export a table, a query or a folder of files to a destination URI.")
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "<source>",
            description = "A JDBC URL (jdbc:postgresql://host/db, jdbc:h2:…) or a folder of files")
    String from;

    @ArgGroup(exclusive = true)
    What what;

    static final class What {
        @Option(names = "--table", description = "A table of the JDBC source (schema-qualified if needed)")
        String table;

        @Option(names = "--query", description = "A SELECT of the JDBC source")
        String query;
    }

    @Option(names = "--user", description = "JDBC user")
    String user;

    @Option(names = "--password", paramLabel = "<ref>", description = "JDBC password, as $${env:NAME} or $${file:/path}")
    String password;

    @Option(names = "--split-column", description = "An indexed column to read in parallel key ranges")
    String splitColumn;

    @Option(names = "--ingestion-column", description = "A timestamp column: the rows' ingestion time in the manifest's window")
    String ingestionColumn;

    @Option(names = "--driver-path", paramLabel = "<jar|folder>",
            description = "A JDBC driver jar (or a folder of jars) for databases other than PostgreSQL and H2")
    Path driverPath;

    @Option(names = "--fetch-size", description = "Rows per JDBC round trip")
    Integer fetchSize;

    @Option(names = "--unmapped-as-string", description = "Export JDBC columns of unmapped types as text instead of refusing them")
    boolean unmappedAsString;

    @Option(names = "--input-format", description = "Format of a folder source: parquet, json or csv (default: parquet)")
    String inputFormat = "parquet";

    @Option(names = "--schema", paramLabel = "<file>", description = "Schema (the SDK's JSON form) of a JSON or CSV folder")
    Path schemaFile;

    @Option(names = "--dataset-id", description = "The dataset id in paths and the manifest (default: table or folder name)")
    String datasetId;

    @Option(names = "--to", required = true, paramLabel = "<uri>",
            description = "Destination URI: s3://bucket/prefix, sftp://user@host/path, file:///dir")
    String to;

    @Option(names = {"-o", "--option"}, paramLabel = "key=value",
            description = "Destination option (repeatable); secrets as $${env:NAME} or $${file:/path}")
    Map<String, String> options = new LinkedHashMap<>();

    @Option(names = "--folder", description = "Folder under the destination root")
    String folder;

    @Option(names = "--format", description = "json, csv or parquet (default: ${DEFAULT-VALUE})")
    String format = "parquet";

    @Option(names = "--compression", description = "none, gzip, snappy or zstd (default: ${DEFAULT-VALUE})")
    String compression = "none";

    @Option(names = "--manifest", description = "Write a manifest after the files")
    boolean manifest;

    @Option(names = "--max-file-size", paramLabel = "<size>", description = "Roll files at about this size: 256MB, 1GB")
    String maxFileSize;

    @Option(names = "--max-records-per-file", description = "Roll files after this many records")
    Long maxRecordsPerFile;

    @Option(names = "--parallelism", description = "Workers (default: ${DEFAULT-VALUE})")
    int parallelism = 1;

    @Option(names = "--partition-by", split = ",", paramLabel = "<spec>",
            description = "identity:<field>, year|month|day|hour:<field> or bucket:<n>:<field>, comma-separated")
    List<String> partitionBy = new ArrayList<>();

    @Option(names = "--pgp-recipient", paramLabel = "<key.asc>",
            description = "Encrypt every file to this OpenPGP public key (armored or binary)")
    Path pgpRecipient;

    @Option(names = "--progress", negatable = true,
            description = "Show progress on standard error (default: on a terminal, unless --json or --quiet)")
    Boolean progress;

    /** Test seam: the least time between two progress lines, in milliseconds. */
    @Option(names = "--progress-interval", hidden = true)
    long progressIntervalMillis = 250;

    @Option(names = "--dry-run", description = "Check everything and print what would be written; read and write nothing")
    boolean dryRun;

    @Option(names = "--json", description = "Print the result (or the preview) as JSON on standard output")
    boolean json;

    private UrlDataSource dataSource;

    @Override
    public Integer call() throws IOException {
        SecretReferences secrets = new SecretReferences(System::getenv);
        Map<String, String> destinationOptions = secrets.resolveAll(options, ProviderRegistry.instance().destinationOptions(to));
        ExportBuilder export = DatasetExport.from(dataset(secrets)).to(to, destinationOptions)
                .format(format).compression(Compression.valueOf(compression.toUpperCase(Locale.ROOT)))
                .manifest(manifest).parallelism(parallelism);
        if (folder != null) {
            export.folder(folder);
        }
        if (maxFileSize != null) {
            export.maxFileSize(OptionValues.size("--max-file-size", maxFileSize));
        }
        if (maxRecordsPerFile != null) {
            export.maxRecordsPerFile(maxRecordsPerFile);
        }
        if (pgpRecipient != null) {
            try {
                export.encryption(PgpEncryption.forPublicKey(Files.readAllBytes(pgpRecipient)));
            } catch (NoSuchFileException e) {
                throw new ConfigurationException("--pgp-recipient " + pgpRecipient + ": no such file", e);
            } catch (ConfigurationException e) {
                throw new ConfigurationException("--pgp-recipient " + pgpRecipient + ": " + e.getMessage(), e);
            }
        }
        if (!partitionBy.isEmpty()) {
            try {
                export.partitionBy(partitionBy.stream().map(Partition::parse).toArray(Partition[]::new));
            } catch (ConfigurationException e) {
                throw new ConfigurationException("--partition-by: " + e.getMessage(), e);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (dryRun) {
            ExportPreview preview = export.dryRun();
            out.println(json ? toJson(preview) : preview.toString());
            return preview.destinationReady() ? DatasetExportCli.OK : DatasetExportCli.FAILED;
        }
        boolean showProgress = progress != null ? progress : System.console() != null && !json && !Logging.quiet();
        if (showProgress) {
            export.listener(new ProgressLine(spec.commandLine().getErr(), System.console() != null, sourceRows(), progressIntervalMillis,
                    System::nanoTime));
        }
        ExportResult result = export.run();
        out.println(json ? toJson(result) : "exported " + result.records() + " record(s) in " + result.files().size()
                + " file(s), " + result.bytes() + " bytes" + result.manifestPath().map(m -> "; manifest " + m).orElse(""));
        return DatasetExportCli.OK;
    }

    private Dataset dataset(SecretReferences secrets) {
        if (from.startsWith("jdbc:")) {
            ConfigurationException.check(!from.toLowerCase(Locale.ROOT).contains("password="),
                    "--from: the JDBC URL holds a password; pass it with --password $${env:NAME} instead");
            ConfigurationException.check(what != null, "--from jdbc:… needs --table or --query");
            String resolvedPassword = password == null ? null : secrets.resolve("password", password);
            Driver driver = driverPath == null ? null : JdbcDrivers.load("--driver-path", driverPath, from);
            dataSource = new UrlDataSource(from, user, resolvedPassword, driver);
            String id = datasetId != null ? datasetId : what.table != null ? Sources.safeId(what.table) : "query";
            return Sources.jdbc("--from", dataSource, new Sources.JdbcSpec(id, what.table, what.query, splitColumn,
                    ingestionColumn, fetchSize, unmappedAsString));
        }
        ConfigurationException.check(what == null, "--table and --query apply to a jdbc: source, not to a folder");
        ConfigurationException.check(driverPath == null, "--driver-path applies to a jdbc: source, not to a folder");
        Path dir = from.startsWith("file:") ? Path.of(URI.create(from)) : Path.of(from);
        ConfigurationException.check(Files.isDirectory(dir), "--from %s is neither a jdbc: URL nor a folder", from);
        return Sources.folder("--from", dir, inputFormat, schemaFile, datasetId);
    }

    /** Rows the source will read, when cheap to know: a JDBC table's or query's count (PostgreSQL: its estimate). */
    private OptionalLong sourceRows() {
        if (dataSource == null) {
            return OptionalLong.empty();
        }
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.setQueryTimeout(10);
            boolean postgres = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
            String sql;
            if (what.table != null && postgres) {
                sql = "SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass('" + what.table.replace("'", "''") + "')";
            } else {
                sql = "SELECT COUNT(*) FROM " + (what.table != null ? what.table : "(" + what.query + ") q");
            }
            try (ResultSet rs = st.executeQuery(sql)) {
                return rs.next() && rs.getLong(1) > 0 ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        } catch (SQLException | RuntimeException e) {
            return OptionalLong.empty(); // no percent then; the export itself reports real problems
        }
    }

    private static String toJson(ExportResult r) {
        ObjectNode n = new ObjectMapper().createObjectNode();
        n.put("runId", r.runId());
        n.put("datasetId", r.datasetId());
        n.put("exportTime", r.exportTime());
        n.put("records", r.records());
        n.put("bytes", r.bytes());
        n.put("manifestPath", r.manifestPath().orElse(null));
        ArrayNode files = n.putArray("files");
        for (ExportedFile f : r.files()) {
            files.addObject().put("path", f.path()).put("size", f.sizeBytes()).put("records", f.records()).put("sha256", f.sha256());
        }
        return n.toString();
    }

    private static String toJson(ExportPreview p) {
        ObjectNode n = new ObjectMapper().createObjectNode();
        n.put("datasetId", p.datasetId());
        n.put("destinationType", p.destinationType());
        n.put("destinationId", p.destinationId());
        n.put("format", p.format());
        n.put("compression", p.compression().name());
        n.put("runFolder", p.runFolder());
        p.exampleFiles().forEach(n.putArray("exampleFiles")::add);
        n.put("manifestPath", p.manifestPath().orElse(null));
        n.put("splits", p.splits());
        n.put("parallelism", p.parallelism());
        n.put("schema", p.schema().asStruct().displayName());
        n.put("window", p.window().toString());
        n.put("destinationReady", p.destinationReady());
        n.put("destinationProblem", p.destinationProblem().orElse(null));
        return n.toString();
    }
}
