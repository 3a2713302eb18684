package org.datasetexport.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;
import org.datasetexport.Compression;
import org.datasetexport.ConfigurationException;
import org.datasetexport.DatasetExport;
import org.datasetexport.EmptyOutput;
import org.datasetexport.ExportResult;
import org.datasetexport.ExportedFile;
import org.datasetexport.data.Datasets;
import org.datasetexport.data.Row;
import org.datasetexport.data.RowReader;
import org.datasetexport.data.ScanRequest;
import org.datasetexport.data.Schema;
import org.datasetexport.data.Split;
import org.datasetexport.data.TimeWindow;
import org.datasetexport.dest.file.FileDestination;
import org.datasetexport.files.FileDataset;
import org.datasetexport.files.FileFormatReader;
import org.datasetexport.files.FileSource;
import org.datasetexport.testdata.DuckDbReader;
import org.datasetexport.testdata.ExperienceEvents;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The format contract kit: what every {@link Format} must do, like {@link DestinationContractTest}
 * for destinations. A format module extends this class once and supplies its format, its own
 * reader and, where one exists, an independent reader (DuckDB). For every compression the format
 * declares: every type, nulls at every level and nesting (ExperienceEvents) read back equal by the
 * module's reader and by the independent one; the file name ends with the declared extension; an
 * empty file is readable; a compression it does not declare is refused naming the allowed ones.
 *
 * <p>Shipped in export-core's test-jar ({@code <type>test-jar</type>}, scope test).
 */
public abstract class FormatContractTest {
    @TempDir
    protected Path dir;

    /** @return the format under test */
    protected abstract Format format();

    /** @return the module's own reader of what the format writes */
    protected abstract FileFormatReader reader();

    /**
     * @param duck a DuckDB connection
     * @param file a file the format wrote
     * @param schema its schema
     * @return the file's rows as DuckDB reads them (in {@link DuckDbReader}'s shape), or null when
     *         no independent reader exists for the format
     * @throws Exception when DuckDB fails
     */
    protected abstract List<List<Object>> readIndependently(DuckDbReader duck, Path file, Schema schema) throws Exception;

    /** @return how {@link DuckDbReader#expected} normalizes the rows for the independent comparison */
    protected DuckDbReader.Source independentShape() {
        return DuckDbReader.Source.PARQUET;
    }

    private ExportResult export(List<Row> rows, Compression compression, Path out) {
        return DatasetExport.from(Datasets.of("events", ExperienceEvents.SCHEMA, rows)).to(FileDestination.of(out))
                .format(format()).compression(compression).emptyOutput(EmptyOutput.WRITE_EMPTY_FILE).run();
    }

    private List<Row> readAll(Path out) {
        FileDataset dataset = FileDataset.builder(FileSource.local(out), reader()).id("events").schema(ExperienceEvents.SCHEMA)
                .build();
        List<Row> rows = new ArrayList<>();
        for (Split split : dataset.plan(new ScanRequest(TimeWindow.upTo(Instant.now()), 1))) {
            try (RowReader r = dataset.read(split)) {
                r.forEachRemaining(rows::add);
            }
        }
        return rows;
    }

    private static List<List<Object>> normalized(List<Row> rows, DuckDbReader.Source shape) {
        List<List<Object>> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(DuckDbReader.expected(r, ExperienceEvents.SCHEMA.asStruct(), shape));
        }
        out.sort(Comparator.comparing(r -> (String) r.get(0)));
        return out;
    }

    /** @return one test per declared compression */
    @TestFactory
    Stream<DynamicTest> everyTypeNullsAndNesting_readBackEqual_byTheModulesReaderAndAnIndependentOne() {
        return format().supportedCompressions().stream().sorted().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Path out = Files.createDirectories(dir.resolve("every-" + c.name()));
            List<Row> rows = ExperienceEvents.rows(300, 42);
            ExportResult result = export(rows, c, out);
            assertThat(result.records()).isEqualTo(rows.size());
            for (ExportedFile f : result.files()) {
                assertThat(f.path()).endsWith("." + format().fileExtension(c));
            }
            assertThat(normalized(readAll(out), DuckDbReader.Source.PARQUET)).as("read back by the module's reader")
                    .isEqualTo(normalized(rows, DuckDbReader.Source.PARQUET));
            try (DuckDbReader duck = new DuckDbReader()) {
                List<List<Object>> independent = new ArrayList<>();
                for (ExportedFile f : result.files()) {
                    List<List<Object>> read = readIndependently(duck, out.resolve(f.path()), ExperienceEvents.SCHEMA);
                    if (read == null) {
                        return;
                    }
                    independent.addAll(read);
                }
                independent.sort(Comparator.comparing(r -> String.valueOf(r.get(0))));
                assertThat(independent).as("read back by an independent reader").isEqualTo(normalized(rows, independentShape()));
            }
        }));
    }

    /** @return one test per declared compression */
    @TestFactory
    Stream<DynamicTest> anEmptyFile_readsBackAsNoRows() {
        return format().supportedCompressions().stream().sorted().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Path out = Files.createDirectories(dir.resolve("empty-" + c.name()));
            ExportResult result = export(List.of(), c, out);
            assertThat(result.files()).singleElement().satisfies(f -> assertThat(f.records()).isZero());
            assertThat(readAll(out)).isEmpty();
        }));
    }

    @Test
    void aCompressionTheFormatDoesNotDeclare_isRefusedNamingTheAllowedOnes() {
        EnumSet<Compression> others = EnumSet.complementOf(EnumSet.copyOf(format().supportedCompressions()));
        for (Compression c : others) {
            assertThatThrownBy(() -> export(List.of(), c, dir.resolve("refused")))
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining(c.name())
                    .hasMessageContainingAll(format().supportedCompressions().stream().map(Enum::name).toArray(String[]::new));
            assertThat(dir.resolve("refused")).doesNotExist();
        }
    }

    @Test
    void theFormatNamesItselfAndEveryDeclaredCompressionHasAnExtension() {
        assertThat(format().name()).isNotBlank();
        assertThat(format().supportedCompressions()).contains(Compression.NONE);
        for (Compression c : format().supportedCompressions()) {
            assertThat(format().fileExtension(c)).isNotBlank().doesNotStartWith(".");
        }
    }
}
