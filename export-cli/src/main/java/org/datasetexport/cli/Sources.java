package org.datasetexport.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.sql.DataSource;
import org.datasetexport.ConfigurationException;
import org.datasetexport.data.Dataset;
import org.datasetexport.data.Schema;
import org.datasetexport.files.FileDataset;
import org.datasetexport.files.FileFormatReader;
import org.datasetexport.files.FileSource;
import org.datasetexport.format.csv.CsvFiles;
import org.datasetexport.format.json.JsonLinesFiles;
import org.datasetexport.format.parquet.ParquetFiles;
import org.datasetexport.jdbc.JdbcDataset;

/** Datasets from the command line ({@code run}) and from the YAML ({@code serve}), built the same way. */
final class Sources {
    private Sources() {
    }

    /** What a JDBC dataset reads and how. */
    record JdbcSpec(String id, String table, String query, String splitColumn, String ingestionColumn, Integer fetchSize,
                    boolean unmappedAsString) {
    }

    /**
     * @param where the option or key the source came from, for messages
     * @param dataSource the database
     * @param spec table or query and reading options
     * @return the dataset (its columns are read now, so a wrong table fails before any export)
     */
    static JdbcDataset jdbc(String where, DataSource dataSource, JdbcSpec spec) {
        ConfigurationException.check((spec.table() == null) != (spec.query() == null), "%s needs exactly one of table and query", where);
        JdbcDataset.Builder b = JdbcDataset.builder(dataSource).id(spec.id());
        if (spec.table() != null) {
            b.table(spec.table());
        } else {
            b.query(spec.query());
        }
        if (spec.splitColumn() != null) {
            b.splitColumn(spec.splitColumn());
        }
        if (spec.ingestionColumn() != null) {
            b.ingestionColumn(spec.ingestionColumn());
        }
        if (spec.fetchSize() != null) {
            b.fetchSize(spec.fetchSize());
        }
        if (spec.unmappedAsString()) {
            b.unmappedAsString();
        }
        return b.build();
    }

    /**
     * @param where the option or key the folder came from, for messages
     * @param dir the folder of files
     * @param inputFormat parquet, json or csv
     * @param schemaFile the schema of JSON or CSV files, or null
     * @param id the dataset id, or null for the folder's name
     * @return the dataset
     */
    static Dataset folder(String where, Path dir, String inputFormat, Path schemaFile, String id) {
        ConfigurationException.check(Files.isDirectory(dir), "%s: %s is not a folder", where, dir);
        FileFormatReader reader = switch (inputFormat.toLowerCase(Locale.ROOT)) {
            case "parquet" -> ParquetFiles.reader();
            case "json" -> JsonLinesFiles.reader();
            case "csv" -> CsvFiles.reader();
            default -> throw new ConfigurationException(where + ": the input format must be parquet, json or csv, got " + inputFormat);
        };
        FileDataset.Builder b = FileDataset.builder(FileSource.local(dir), reader)
                .id(id != null ? id : safeId(dir.getFileName().toString()));
        if (schemaFile != null) {
            try {
                b.schema(Schema.fromJson(Files.readString(schemaFile, StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new ConfigurationException(where + ": cannot read the schema file " + schemaFile + " ("
                        + e.getClass().getSimpleName() + ")", e);
            } catch (UncheckedIOException e) {
                throw new ConfigurationException(where + ": cannot read the schema file " + schemaFile, e);
            }
        }
        return b.build();
    }

    /** @return {@code name} with every character a dataset id cannot hold replaced by {@code _} */
    static String safeId(String name) {
        return name.replaceAll("[^A-Za-z0-9._=-]", "_");
    }
}
