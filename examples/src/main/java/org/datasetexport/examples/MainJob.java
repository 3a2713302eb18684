package org.datasetexport.examples;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.stream.Stream;
import org.datasetexport.Compression;
import org.datasetexport.DatasetExport;
import org.datasetexport.ExportResult;
import org.datasetexport.ExportVerifier;
import org.datasetexport.VerificationReport;
import org.datasetexport.dest.file.FileDestination;
import org.datasetexport.jdbc.JdbcDataset;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The README's main job: creates an embedded H2 database with an {@code orders} table (5,000
 * rows), exports the table to a local folder as Parquet with a manifest, reading two key ranges in
 * parallel, verifies the export against the manifest, and prints the folder tree and a summary.
 *
 * <p>Usage: {@code MainJob [folder]}; the folder defaults to {@code ./target/export-demo}.
 */
public final class MainJob {
    static final int ORDERS = 5_000;

    private MainJob() {
    }

    /**
     * @param args optional: the folder to export to
     * @throws IOException when the tree cannot be printed
     * @throws SQLException when the sample database cannot be created
     */
    public static void main(String[] args) throws IOException, SQLException {
        Path folder = Path.of(args.length > 0 ? args[0] : "target/export-demo");
        JdbcDataSource database = new JdbcDataSource();
        database.setURL("jdbc:h2:mem:shop;DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE");
        createSampleOrders(database);

        JdbcDataset orders = JdbcDataset.builder(database)
                .id("orders")
                .table("orders")
                .splitColumn("id")                 // key ranges, read in parallel
                .ingestionColumn("updated_at")     // lets a scheduled flow export only what changed
                .build();
        FileDestination destination = FileDestination.of(folder);

        ExportResult result = DatasetExport.from(orders)
                .to(destination)
                .folder("demo")
                .format("parquet")
                .compression(Compression.SNAPPY)
                .parallelism(2)
                .manifest(true)
                .run();

        VerificationReport report = ExportVerifier.verify(destination, result.manifestPath().orElseThrow());

        System.out.println("Read " + orders + " with schema " + orders.schema().fields().stream()
                .map(f -> f.name() + " " + f.type().displayName() + (f.nullable() ? "" : " not null")).toList());
        System.out.println("Exported to " + destination.root());
        printTree(destination.root());
        System.out.printf("run %s: %,d records in %d files, %,d bytes, %d ms; verification %s%n",
                result.runId(), result.records(), result.files().size(), result.bytes(),
                result.duration().toMillis(), report.ok() ? "OK" : "FAILED " + report.problems());
        if (!report.ok()) {
            System.exit(1);
        }
    }

    /** Creates and fills {@code orders} (dropping an earlier copy). */
    static void createSampleOrders(JdbcDataSource database) throws SQLException {
        try (Connection c = database.getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS orders");
            st.execute("CREATE TABLE orders (id BIGINT PRIMARY KEY, customer VARCHAR(40) NOT NULL, status VARCHAR(12) NOT NULL, "
                    + "total NUMERIC(12,2) NOT NULL, placed_on DATE NOT NULL, updated_at TIMESTAMP WITH TIME ZONE NOT NULL, "
                    + "gift BOOLEAN, skus VARCHAR(20) ARRAY)");
            String[] statuses = {"placed", "paid", "shipped", "delivered"};
            OffsetDateTime start = OffsetDateTime.of(2026, 11, 1, 8, 0, 0, 0, ZoneOffset.UTC);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO orders VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 1; i <= ORDERS; i++) {
                    OffsetDateTime placed = start.plusMinutes(i * 7L);
                    ps.setLong(1, i);
                    ps.setString(2, "customer-" + (i % 640));
                    ps.setString(3, statuses[i % statuses.length]);
                    ps.setBigDecimal(4, BigDecimal.valueOf(1999 + i * 37L % 50_000, 2));
                    ps.setObject(5, placed.toLocalDate());
                    ps.setObject(6, placed.plusHours(i % 48));
                    ps.setObject(7, i % 9 == 0 ? Boolean.TRUE : i % 9 == 1 ? null : Boolean.FALSE);
                    Array skus = c.createArrayOf("VARCHAR", new Object[] {"sku-" + (i % 120), "sku-" + (i % 37)});
                    ps.setArray(8, skus);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    private static void printTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.naturalOrder()).toList()) {
                if (p.equals(root)) {
                    continue;
                }
                int depth = root.relativize(p).getNameCount() - 1;
                String size = Files.isRegularFile(p) ? String.format("  (%,d bytes)", Files.size(p)) : "/";
                System.out.println("  ".repeat(depth + 1) + p.getFileName() + size);
            }
        }
    }
}
