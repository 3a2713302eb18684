package org.datasetexport.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.datasetexport.Compression;
import org.datasetexport.ConfigurationException;
import org.datasetexport.DatasetExport;
import org.datasetexport.ExportBuilder;
import org.datasetexport.ExportPreview;
import org.datasetexport.ExportResult;
import org.datasetexport.ExportedFile;
import org.datasetexport.Partition;
import org.datasetexport.data.Dataset;
import org.datasetexport.data.Schema;
import org.datasetexport.files.FileDataset;
import org.datasetexport.files.FileFormatReader;
import org.datasetexport.files.FileSource;
import org.datasetexport.format.csv.CsvFiles;
import org.datasetexport.format.json.JsonLinesFiles;
import org.datasetexport.format.parquet.ParquetFiles;
import org.datasetexport.jdbc.JdbcDataset;
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

    @Option(names = "--dry-run", description = "Check everything and print what would be written; read and write nothing")
    boolean dryRun;

    @Option(names = "--json", description = "Print the result (or the preview) as JSON on standard output")
    boolean json;

    @Override
    public Integer call() throws IOException {
        SecretReferences secrets = new SecretReferences(System::getenv);
        Map<String, String> destinationOptions = secrets.resolveAll(options);
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
        ExportResult result = export.run();
        out.println(json ? toJson(result) : "exported " + result.records() + " record(s) in " + result.files().size()
                + " file(s), " + result.bytes() + " bytes" + result.manifestPath().map(m -> "; manifest " + m).orElse(""));
        return DatasetExportCli.OK;
    }

    private Dataset dataset(SecretReferences secrets) throws IOException {
        if (from.startsWith("jdbc:")) {
            ConfigurationException.check(!from.toLowerCase(Locale.ROOT).contains("password="),
                    "--from: the JDBC URL holds a password; pass it with --password $${env:NAME} instead");
            ConfigurationException.check(what != null, "--from jdbc:… needs --table or --query");
            String resolvedPassword = password == null ? null : secrets.resolve("password", password);
            JdbcDataset.Builder b = JdbcDataset.builder(new UrlDataSource(from, user, resolvedPassword));
            String id = datasetId != null ? datasetId : what.table != null ? what.table.replaceAll("[^A-Za-z0-9._=-]", "_") : "query";
            b.id(id);
            if (what.table != null) {
                b.table(what.table);
            } else {
                b.query(what.query);
            }
            if (splitColumn != null) {
                b.splitColumn(splitColumn);
            }
            if (fetchSize != null) {
                b.fetchSize(fetchSize);
            }
            if (unmappedAsString) {
                b.unmappedAsString();
            }
            return b.build();
        }
        ConfigurationException.check(what == null, "--table and --query apply to a jdbc: source, not to a folder");
        Path dir = from.startsWith("file:") ? Path.of(URI.create(from)) : Path.of(from);
        ConfigurationException.check(Files.isDirectory(dir), "--from %s is neither a jdbc: URL nor a folder", from);
        FileFormatReader reader = switch (inputFormat.toLowerCase(Locale.ROOT)) {
            case "parquet" -> ParquetFiles.reader();
            case "json" -> JsonLinesFiles.reader();
            case "csv" -> CsvFiles.reader();
            default -> throw new ConfigurationException("--input-format must be parquet, json or csv, got " + inputFormat);
        };
        FileDataset.Builder b = FileDataset.builder(FileSource.local(dir), reader)
                .id(datasetId != null ? datasetId : dir.getFileName().toString().replaceAll("[^A-Za-z0-9._=-]", "_"));
        if (schemaFile != null) {
            b.schema(Schema.fromJson(Files.readString(schemaFile, StandardCharsets.UTF_8)));
        }
        return b.build();
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
