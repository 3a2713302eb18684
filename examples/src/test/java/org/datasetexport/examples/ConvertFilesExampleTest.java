package org.datasetexport.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.datasetexport.testdata.DuckDbReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConvertFilesExampleTest {
    @TempDir
    Path dir;

    @Test
    void main_convertsTheTableParquetToJsonAndBack_withTheSameRows() throws Exception {
        ConvertFilesExample.main(new String[] {dir.toString()});
        // a second run reads only its own files: each of its steps converts exactly one run's rows
        ConvertFilesExample.main(new String[] {dir.toString()});

        try (DuckDbReader duck = new DuckDbReader()) {
            String columns = "id, customer, status, total, placed_on, updated_at, gift, skus";
            String first = "read_parquet('" + dir + "/lake/*/orders/*/*.parquet')";
            String last = "read_parquet('" + dir + "/parquet-again/*/orders/*/*.parquet')";
            assertThat(duck.count(first)).isEqualTo(2L * MainJob.ORDERS);
            assertThat(duck.count(last)).isEqualTo(2L * MainJob.ORDERS);
            assertThat(duck.query("SELECT count(*) FROM read_json('" + dir + "/json/*/orders/*/*.json.gz', format='newline_delimited')"))
                    .containsExactly(List.of(String.valueOf(2 * MainJob.ORDERS)));
            assertThat(duck.query("SELECT count(*) FROM (SELECT " + columns + " FROM " + first + " EXCEPT SELECT " + columns + " FROM " + last
                    + ") UNION ALL SELECT count(*) FROM (SELECT " + columns + " FROM " + last + " EXCEPT SELECT " + columns + " FROM " + first + ")"))
                    .as("no row differs after Parquet -> JSON -> Parquet").containsExactly(List.of("0"), List.of("0"));
        }
    }
}
