package org.datasetexport.examples;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.datasetexport.Compression;
import org.datasetexport.DatasetExport;
import org.datasetexport.ExportResult;
import org.datasetexport.ExportVerifier;
import org.datasetexport.VerificationReport;
import org.datasetexport.data.DataType;
import org.datasetexport.data.Dataset;
import org.datasetexport.data.Datasets;
import org.datasetexport.data.Field;
import org.datasetexport.data.Row;
import org.datasetexport.data.Schema;
import org.datasetexport.dest.file.FileDestination;

/**
 * The README's main job: builds a sample dataset of experience events with nested fields, exports
 * it to a local folder as gzip JSON Lines with a manifest, verifies the export against the
 * manifest, and prints the folder tree and a summary.
 *
 * <p>Usage: {@code MainJob [folder]}; the folder defaults to {@code ./target/export-demo}.
 */
public final class MainJob {
    static final Schema SCHEMA = Schema.builder()
            .required("_id", DataType.STRING)
            .required("timestamp", DataType.TIMESTAMP)
            .required("eventType", DataType.STRING)
            .optional("identityMap", DataType.map(DataType.array(DataType.struct(
                    Field.required("id", DataType.STRING),
                    Field.optional("primary", DataType.BOOLEAN)))))
            .optional("web", DataType.struct(
                    Field.optional("page", DataType.struct(
                            Field.optional("name", DataType.STRING),
                            Field.optional("url", DataType.STRING))),
                    Field.optional("referrer", DataType.STRING)))
            .optional("commerce", DataType.struct(
                    Field.optional("order", DataType.struct(
                            Field.optional("priceTotal", DataType.decimal(12, 2)),
                            Field.optional("currencyCode", DataType.STRING))),
                    Field.optional("productListItems", DataType.array(DataType.struct(
                            Field.required("sku", DataType.STRING),
                            Field.optional("quantity", DataType.INT))))))
            .build();

    private MainJob() {
    }

    /**
     * @param args optional: the folder to export to
     * @throws IOException when the tree cannot be printed
     */
    public static void main(String[] args) throws IOException {
        Path folder = Path.of(args.length > 0 ? args[0] : "target/export-demo");
        Dataset events = Datasets.of("experience-events", SCHEMA, sampleEvents(5_000));
        FileDestination destination = FileDestination.of(folder);

        ExportResult result = DatasetExport.from(events)
                .to(destination)
                .folder("demo")
                .format("json")
                .compression(Compression.GZIP)
                .maxRecordsPerFile(2_000)
                .manifest(true)
                .run();

        VerificationReport report = ExportVerifier.verify(destination, result.manifestPath().orElseThrow());

        System.out.println("Exported to " + destination.root());
        printTree(destination.root());
        System.out.printf("run %s: %,d records in %d files, %,d bytes, %d ms; verification %s%n",
                result.runId(), result.records(), result.files().size(), result.bytes(),
                result.duration().toMillis(), report.ok() ? "OK" : "FAILED " + report.problems());
        if (!report.ok()) {
            System.exit(1);
        }
    }

    static List<Row> sampleEvents(int count) {
        Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(1, ChronoUnit.DAYS);
        String[] types = {"web.webpagedetails.pageViews", "commerce.productViews", "commerce.purchases"};
        List<Row> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String type = types[i % types.length];
            boolean purchase = type.equals("commerce.purchases");
            rows.add(Row.of(
                    "evt-" + i,
                    start.plusSeconds(i * 17L),
                    type,
                    Map.of("ECID", List.of(Row.of("ecid-" + (i % 800), true))),
                    Row.of(Row.of("page " + (i % 40), "https://shop.example/p/" + (i % 40)), i % 5 == 0 ? null : "search"),
                    purchase
                            ? Row.of(Row.of(BigDecimal.valueOf(1999 + i * 7L, 2), "EUR"),
                                    List.of(Row.of("sku-" + (i % 120), 1 + i % 3)))
                            : null));
        }
        return rows;
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
