package org.datasetexport.examples;

import java.nio.file.Path;
import org.datasetexport.Compression;
import org.datasetexport.DatasetExport;
import org.datasetexport.ExportResult;
import org.datasetexport.ExportVerifier;
import org.datasetexport.VerificationReport;
import org.datasetexport.dest.file.FileDestination;
import org.datasetexport.jdbc.JdbcDataset;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Exports a PostgreSQL table to a local folder as Parquet with a manifest, reading key ranges of a
 * split column in parallel, then verifies the export.
 *
 * <p>Usage: {@code PostgresExportExample <jdbc-url> <schema.table> [split-column] [folder]}, for
 * example {@code jdbc:postgresql://127.0.0.1:5432/shop?user=reader public.orders id target/pg-export}.
 * A password comes from the {@code PGPASSWORD} environment variable (never from the command line,
 * and never printed).
 */
public final class PostgresExportExample {
    private PostgresExportExample() {
    }

    /**
     * @param args the JDBC URL, the table, optionally the split column and the folder
     */
    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: PostgresExportExample <jdbc-url> <schema.table> [split-column] [folder]");
            System.exit(2);
        }
        PGSimpleDataSource database = new PGSimpleDataSource();
        database.setURL(args[0]);
        String password = System.getenv("PGPASSWORD");
        if (password != null) {
            database.setPassword(password);
        }
        String table = args[1];
        JdbcDataset.Builder builder = JdbcDataset.builder(database).id(table.substring(table.lastIndexOf('.') + 1)).table(table)
                .fetchSize(5_000);
        if (args.length > 2) {
            builder.splitColumn(args[2]);
        }
        JdbcDataset dataset = builder.build();
        FileDestination destination = FileDestination.of(Path.of(args.length > 3 ? args[3] : "target/pg-export"));

        ExportResult result = DatasetExport.from(dataset).to(destination)
                .format("parquet").compression(Compression.ZSTD)
                .parallelism(args.length > 2 ? 4 : 1)
                .manifest(true)
                .run();

        VerificationReport report = ExportVerifier.verify(destination, result.manifestPath().orElseThrow());
        System.out.printf("%s: %,d records in %d files, %,d bytes, %d ms, manifest %s; verification %s%n",
                dataset, result.records(), result.files().size(), result.bytes(), result.duration().toMillis(),
                result.manifestPath().orElseThrow(), report.ok() ? "OK" : "FAILED " + report.problems());
        if (!report.ok()) {
            System.exit(1);
        }
    }
}
