package org.example.consumer;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.datasetexport.DatasetExport;
import org.datasetexport.DestinationException;
import org.datasetexport.ExportBuilder;
import org.datasetexport.ExportResult;
import org.datasetexport.ExportVerifier;
import org.datasetexport.data.DataType;
import org.datasetexport.data.Datasets;
import org.datasetexport.data.Field;
import org.datasetexport.data.Row;
import org.datasetexport.data.Schema;
import org.datasetexport.dest.file.FileDestination;
import org.datasetexport.files.FileDataset;
import org.datasetexport.files.FileFormatReader;
import org.datasetexport.files.FileSource;
import org.datasetexport.spi.Destination;

/** What every consumer build checks, written as a user of the published API would. */
public final class ConsumerChecks {
    /** A schema with every kind of type a user meets: nested structs, arrays, maps, decimals, times. */
    public static final Schema SCHEMA = Schema.builder()
            .required("id", DataType.LONG)
            .optional("email", DataType.STRING)
            .optional("address", DataType.struct(Field.optional("city", DataType.STRING),
                    Field.optional("geo", DataType.struct(Field.required("lat", DataType.DOUBLE)))))
            .optional("tags", DataType.array(DataType.STRING))
            .optional("scores", DataType.map(DataType.INT))
            .optional("amount", DataType.decimal(12, 2))
            .optional("born", DataType.DATE)
            .optional("seen", DataType.TIMESTAMP)
            .build();

    private ConsumerChecks() {
    }

    /** @return the sample rows */
    public static List<Row> rows(int count) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(Row.of((long) i, i % 7 == 0 ? null : "user" + i + "@example.com",
                    Row.of("city " + (i % 13), Row.of(40.0 + i / 1000.0)), List.of("t" + (i % 3), "u"),
                    Map.of("a", i, "b", -i), BigDecimal.valueOf(1999 + i, 2), LocalDate.of(1990, 1, 1).plusDays(i),
                    Instant.parse("2026-11-28T09:00:00Z").plusSeconds(i)));
        }
        return rows;
    }

    /**
     * Exports the sample as {@code format} with a manifest, verifies it, reads the files back with
     * {@code reader} and exports what was read as JSON Lines; that must equal the sample exported
     * as JSON Lines directly.
     *
     * @return a line for the build log
     */
    public static String roundTrip(Path work, String format, FileFormatReader reader) throws IOException {
        List<Row> rows = rows(2500);
        Path out = work.resolve(format);
        ExportResult result = DatasetExport.from(Datasets.of("sample", SCHEMA, rows)).to(FileDestination.of(out))
                .format(format).manifest(true).run();
        require(result.records() == rows.size(), format + ": " + result.records() + " records exported, not " + rows.size());
        require(ExportVerifier.verify(FileDestination.of(out), result.manifestPath().orElseThrow()).ok(),
                format + ": the manifest does not verify");
        FileDataset back = FileDataset.builder(FileSource.local(out), reader).id("sample").schema(SCHEMA).manifestedOnly().build();
        String viaFiles = jsonOf(DatasetExport.from(back), work.resolve(format + "-as-json"));
        String direct = jsonOf(DatasetExport.from(Datasets.of("sample", SCHEMA, rows)), work.resolve(format + "-direct-json"));
        require(viaFiles.equals(direct), format + ": what was read back differs from what was exported");
        return format + ": " + result.records() + " records, " + result.files().size() + " file(s), read back equal";
    }

    private static String jsonOf(ExportBuilder export, Path folder) throws IOException {
        export.to(FileDestination.of(folder)).format("json").run();
        try (Stream<Path> files = Files.walk(folder)) {
            StringBuilder all = new StringBuilder();
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted(Comparator.naturalOrder()).toList()) {
                all.append(Files.readString(f));
            }
            return all.toString();
        }
    }

    /**
     * A destination pointed at a closed loopback port must fail its check with a
     * {@link DestinationException}: any linkage error (a class or method missing because a
     * dependency drifted) would surface here instead.
     *
     * @return a line for the build log
     */
    public static String refusedCleanly(Destination destination) {
        try (destination) {
            destination.check();
        } catch (DestinationException e) {
            return destination.getClass().getSimpleName() + ": check against a closed port failed cleanly";
        }
        throw new IllegalStateException(destination + " passed its check against a closed port");
    }

    /** @return a loopback URL nothing listens on */
    public static String closedPort() {
        return "http://127.0.0.1:9";
    }

    /** Fails the consumer build with the message. */
    public static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }
}
