package org.datasetexport;

import java.sql.Connection;
import java.sql.Statement;
import javax.sql.DataSource;
import org.datasetexport.testdata.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;

class SharedPostgresStoreSchedulingTest extends SharedStoreSchedulingTest {
    private static PostgresServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = PostgresServer.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected DataSource dataSource() throws Exception {
        DataSource ds = server.dataSource();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS datasetexport_run");
            st.execute("DROP TABLE IF EXISTS datasetexport_flow");
        }
        return ds;
    }

    /** The same race, repeated from a fresh database each time. */
    @RepeatedTest(3)
    void repeated() throws Exception {
        twoSchedulers_sharingOneDatabase_runEachSlotExactlyOnce();
    }
}
