package org.example.consumer;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.datasetexport.DatasetExport;
import org.datasetexport.DestinationException;
import org.datasetexport.Destinations;
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
        String independent = duckDb(out, format);
        return format + ": " + result.records() + " records, " + result.files().size() + " file(s), read back equal; DuckDB: " + independent;
    }

    /** Reads the exported files with DuckDB, the independent reader: counts, sums and spot values must match the sample. */
    private static String duckDb(Path out, String format) {
        String glob = out.toAbsolutePath() + "/sample/*/part-*";
        String from = switch (format) {
            case "parquet" -> "read_parquet('" + glob + "')";
            // CSV: nested values are JSON text in their cells, cast back to their types
            case "csv" -> "(SELECT id, email, CAST(CAST(address AS JSON) AS STRUCT(city VARCHAR, geo STRUCT(lat DOUBLE))) AS address, "
                    + "CAST(CAST(tags AS JSON) AS VARCHAR[]) AS tags, CAST(CAST(scores AS JSON) AS MAP(VARCHAR, INTEGER)) AS scores, "
                    + "amount, born, seen FROM read_csv('" + glob + "', header=true, allow_quoted_nulls=false, auto_detect=false, "
                    + "columns={id: 'BIGINT', email: 'VARCHAR', address: 'VARCHAR', tags: 'VARCHAR', scores: 'VARCHAR', "
                    + "amount: 'DECIMAL(12,2)', born: 'DATE', seen: 'TIMESTAMPTZ'}))";
            default -> "read_json('" + glob + "', format='newline_delimited', columns={id: 'BIGINT', email: 'VARCHAR', "
                    + "address: 'STRUCT(city VARCHAR, geo STRUCT(lat DOUBLE))', tags: 'VARCHAR[]', scores: 'MAP(VARCHAR, INTEGER)', "
                    + "amount: 'DECIMAL(12,2)', born: 'DATE', seen: 'TIMESTAMPTZ'})";
        };
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*), sum(id), sum(amount), count(email), max(address.geo.lat), "
                     + "max(len(tags)), sum(cardinality(scores)), min(born), CAST(epoch(max(seen)) AS BIGINT) FROM " + from)) {
            rs.next();
            int n = 2500;
            require(rs.getLong(1) == n && rs.getLong(2) == (long) n * (n - 1) / 2, "DuckDB counts or sums ids wrongly");
            require(rs.getBigDecimal(3).compareTo(BigDecimal.valueOf(1999L * n + (long) n * (n - 1) / 2, 2)) == 0, "DuckDB sums amounts wrongly");
            require(rs.getLong(4) == n - (n + 6) / 7, "DuckDB counts the non-null emails wrongly");
            require(rs.getDouble(5) == 40.0 + (n - 1) / 1000.0, "DuckDB reads the nested latitude wrongly");
            require(rs.getInt(6) == 2 && rs.getLong(7) == 2L * n, "DuckDB reads arrays or maps wrongly");
            require(rs.getObject(8, LocalDate.class).equals(LocalDate.of(1990, 1, 1)), "DuckDB reads dates wrongly");
            require(rs.getLong(9) == Instant.parse("2026-11-28T09:00:00Z").plusSeconds(n - 1).getEpochSecond(),
                    "DuckDB reads timestamps wrongly");
            return n + " rows, sums and nested values equal";
        } catch (SQLException e) {
            throw new IllegalStateException("DuckDB cannot read the " + format + " export: " + e.getMessage(), e);
        }
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

    /** Azurite's documented development key (public, not a secret). */
    private static final String AZURITE_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /**
     * @param extra more option pairs ({@code "compatibility", "plain"})
     * @return an {@code s3:} destination pointed at {@link #closedPort()}
     */
    public static Destination s3(String... extra) {
        Map<String, String> options = new HashMap<>(Map.of("endpoint", closedPort(), "pathStyle", "true",
                "accessKeyId", "AKIAEXAMPLE", "secretAccessKey", "not-a-secret", "maxAttempts", "1"));
        for (int i = 0; i < extra.length; i += 2) {
            options.put(extra[i], extra[i + 1]);
        }
        return Destinations.of("s3://exports/x", options);
    }

    /** @return a {@code wasbs:} destination pointed at {@link #closedPort()} */
    public static Destination azureBlob() {
        return Destinations.of("wasbs://exports@devstoreaccount1/x", Map.of("accountKey", AZURITE_KEY,
                "endpoint", closedPort() + "/devstoreaccount1", "maxTries", "1"));
    }

    /** @return a {@code dlz:} destination whose SAS URL points at {@link #closedPort()} */
    public static Destination dataLandingZone() {
        return Destinations.of("dlz://exports/landing", Map.of("sasUri",
                closedPort() + "/devstoreaccount1/exports?sv=2023-11-03&sr=c&sp=racwdl&se=2030-01-01T00%3A00%3A00Z&sig=bm90LWEtc2ln",
                "maxTries", "1"));
    }

    /** @return an {@code abfss:} destination pointed at {@link #closedPort()} */
    public static Destination adls() {
        return Destinations.of("abfss://exports@acct.dfs.core.windows.net/x", Map.of("accountKey", AZURITE_KEY,
                "endpoint", closedPort(), "maxTries", "1"));
    }

    /** @return an {@code sftp:} destination at a closed loopback port */
    public static Destination sftp() {
        return Destinations.of("sftp://exporter@127.0.0.1:9/upload", Map.of("password", "not-a-secret",
                "insecureAcceptAnyHostKey", "true", "connectAttempts", "1", "connectTimeout", "PT2S"));
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
