package org.datasetexport.format.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.datasetexport.DatasetExport;
import org.datasetexport.ExportResult;
import org.datasetexport.data.DataType;
import org.datasetexport.data.Datasets;
import org.datasetexport.data.Field;
import org.datasetexport.data.Row;
import org.datasetexport.data.Schema;
import org.datasetexport.dest.file.FileDestination;
import org.datasetexport.testdata.DuckDbReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 32, item 8: a list whose contents change between two reads (a live view, a lazily computed
 * list) used to be validated on one read and encoded from another: a null in a required JSON field,
 * or a committed, corrupt Parquet file. The engine now encodes the snapshot it validated: the file
 * holds exactly the values that passed validation, read back by DuckDB.
 */
class ChangingListTest {
    private static final Schema SCHEMA = Schema.of(Field.required("id", DataType.LONG),
            Field.optional("items", DataType.array(DataType.struct(Field.required("sku", DataType.STRING)))));

    @TempDir
    Path dir;

    /** Valid on its first read, a struct with a null required field (and a longer list) on every later one. */
    private static List<Row> changing() {
        AtomicInteger reads = new AtomicInteger();
        return new AbstractList<>() {
            @Override
            public Row get(int index) {
                return iteratorList().get(index);
            }

            @Override
            public int size() {
                return 1;
            }

            @Override
            public Iterator<Row> iterator() {
                return iteratorList().iterator();
            }

            private List<Row> iteratorList() {
                return reads.getAndIncrement() == 0 ? List.of(Row.of("sku-1")) : List.of(Row.of((Object) null), Row.of("forged"));
            }
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "parquet"})
    void whatIsEncoded_isWhatWasValidated(String format) throws Exception {
        ExportResult result = DatasetExport.from(Datasets.of("ds", SCHEMA, List.of(Row.of(1L, changing()))))
                .to(FileDestination.of(dir)).format(format).run();
        Path file = dir.resolve(result.files().get(0).path());
        try (DuckDbReader duck = new DuckDbReader()) {
            List<List<Object>> rows = format.equals("json") ? duck.readJson(file, SCHEMA) : duck.readParquet(file, SCHEMA);
            assertThat(rows).containsExactly(DuckDbReader.expected(Row.of(1L, List.of(Row.of("sku-1"))), SCHEMA.asStruct(),
                    format.equals("json") ? DuckDbReader.Source.JSON : DuckDbReader.Source.PARQUET));
        }
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(1);
        }
    }
}
