package org.datasetexport.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.datasetexport.testdata.DuckDbReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainJobTest {
    @TempDir
    Path dir;

    @Test
    void main_exportsTheH2OrdersTableAsParquetWithAManifest_readableByDuckDb() throws Exception {
        MainJob.main(new String[] {dir.toString()});

        List<String> names;
        try (Stream<Path> walk = Files.walk(dir)) {
            names = walk.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
        assertThat(names).allMatch(n -> n.startsWith("demo/orders/exportTime="));
        assertThat(names).filteredOn(n -> n.endsWith(".parquet")).hasSize(2); // one per key range
        assertThat(names).filteredOn(n -> n.contains("/manifest-file-")).hasSize(1);
        try (DuckDbReader duck = new DuckDbReader()) {
            String files = "read_parquet('" + dir + "/demo/orders/*/*.parquet')";
            assertThat(duck.query("SELECT count(*), count(DISTINCT id), sum(total), count(gift), min(placed_on) FROM " + files))
                    .containsExactly(List.of(String.valueOf(MainJob.ORDERS), String.valueOf(MainJob.ORDERS), expectedTotal(),
                            String.valueOf(MainJob.ORDERS - (MainJob.ORDERS + 8) / 9), "2026-11-01"));
            assertThat(duck.query("SELECT customer, status, total, skus FROM " + files + " WHERE id = 42"))
                    .containsExactly(List.of("customer-42", "shipped", String.valueOf(java.math.BigDecimal.valueOf(1999 + 42 * 37L % 50_000, 2)),
                            "[sku-42, sku-5]"));
        }
    }

    /** The sum the example's formula gives, computed here independently of the export. */
    private static String expectedTotal() {
        long cents = 0;
        for (int i = 1; i <= MainJob.ORDERS; i++) {
            cents += 1999 + i * 37L % 50_000;
        }
        return java.math.BigDecimal.valueOf(cents, 2).toString();
    }
}
