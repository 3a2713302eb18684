package org.datasetexport.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.datasetexport.testdata.DuckDbReader;
import org.datasetexport.testdata.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresExportExampleTest {
    @TempDir
    Path dir;

    @Test
    void main_exportsAPostgresTableGivenItsUrl() throws Exception {
        PostgresServer server = PostgresServer.shared();
        try (Connection c = server.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS public.customers");
            st.execute("CREATE TABLE public.customers (id bigint PRIMARY KEY, email text NOT NULL, joined timestamptz, tags text[])");
            st.execute("INSERT INTO public.customers SELECT g, 'user' || g || '@example.com', "
                    + "TIMESTAMPTZ '2026-01-01 00:00:00+00' + g * INTERVAL '1 hour', ARRAY['t' || (g % 3)] FROM generate_series(1, 20000) g");
        }

        PostgresExportExample.main(new String[] {server.url(), "public.customers", "id", dir.toString()});

        try (DuckDbReader duck = new DuckDbReader()) {
            assertThat(duck.query("SELECT count(*), count(DISTINCT id), sum(id), min(email) FROM read_parquet('" + dir + "/customers/*/*.parquet')"))
                    .containsExactly(List.of("20000", "20000", "200010000", "user10000@example.com"));
        }
    }
}
