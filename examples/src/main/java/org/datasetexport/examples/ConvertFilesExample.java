package org.datasetexport.examples;

import java.nio.file.Path;
import java.sql.SQLException;
import org.datasetexport.Compression;
import org.datasetexport.DatasetExport;
import org.datasetexport.ExportResult;
import org.datasetexport.dest.file.FileDestination;
import org.datasetexport.files.FileDataset;
import org.datasetexport.files.FileSource;
import org.datasetexport.format.json.JsonLinesFiles;
import org.datasetexport.format.parquet.ParquetFiles;
import org.datasetexport.jdbc.JdbcDataset;
import org.h2.jdbcx.JdbcDataSource;

/**
 * Re-export and convert with {@link FileDataset}: exports the sample {@code orders} table as
 * Parquet (a "lake" folder), converts that folder to gzip JSON Lines (the schema comes from the
 * Parquet footer), then converts the JSON Lines back to Parquet (JSON carries no schema, so the
 * first dataset's is given), and prints the three results.
 *
 * <p>Usage: {@code ConvertFilesExample [folder]}; the folder defaults to {@code ./target/convert-demo}.
 */
public final class ConvertFilesExample {
    private ConvertFilesExample() {
    }

    /**
     * @param args optional: the folder to work in
     * @throws SQLException when the sample database cannot be created
     */
    public static void main(String[] args) throws SQLException {
        Path folder = Path.of(args.length > 0 ? args[0] : "target/convert-demo");
        JdbcDataSource database = new JdbcDataSource();
        database.setURL("jdbc:h2:mem:convert;DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE");
        MainJob.createSampleOrders(database);
        JdbcDataset orders = JdbcDataset.builder(database).id("orders").table("orders").build();

        // every run writes under a folder of its own, so running the example again reads only its own files
        String run = "run-" + System.currentTimeMillis();
        ExportResult lake = DatasetExport.from(orders).to(FileDestination.of(folder.resolve("lake"))).folder(run)
                .format("parquet").parallelism(2).run();
        print("table -> parquet", lake, folder.resolve("lake"));

        FileDataset parquetFiles = FileDataset.builder(FileSource.local(runFolder(folder.resolve("lake"), lake)), ParquetFiles.reader())
                .id("orders").build();
        ExportResult json = DatasetExport.from(parquetFiles).to(FileDestination.of(folder.resolve("json"))).folder(run)
                .format("json").compression(Compression.GZIP).parallelism(2).run();
        print("parquet -> json.gz", json, folder.resolve("json"));

        FileDataset jsonFiles = FileDataset.builder(FileSource.local(runFolder(folder.resolve("json"), json)), JsonLinesFiles.reader())
                .id("orders").schema(parquetFiles.schema()).build();
        ExportResult back = DatasetExport.from(jsonFiles).to(FileDestination.of(folder.resolve("parquet-again"))).folder(run)
                .format("parquet").compression(Compression.ZSTD).parallelism(2).run();
        print("json.gz -> parquet", back, folder.resolve("parquet-again"));
    }

    /** @return the exportTime folder one run wrote, under the destination root */
    private static Path runFolder(Path root, ExportResult result) {
        return root.resolve(result.files().get(0).path()).getParent();
    }

    private static void print(String step, ExportResult result, Path root) {
        System.out.printf("%-20s %,d records in %d files, %,d bytes, %d ms -> %s%n", step, result.records(), result.files().size(),
                result.bytes(), result.duration().toMillis(), runFolder(root, result).toAbsolutePath());
    }
}
