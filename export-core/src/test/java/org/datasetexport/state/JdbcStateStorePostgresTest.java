package org.datasetexport.state;

import java.sql.Connection;
import java.sql.Statement;
import javax.sql.DataSource;
import org.datasetexport.StateStore;
import org.datasetexport.testdata.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class JdbcStateStorePostgresTest extends StateStoreContractTest {
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
    protected StateStore newStore() throws Exception {
        DataSource ds = server.dataSource();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS datasetexport_run");
            st.execute("DROP TABLE IF EXISTS datasetexport_flow");
        }
        return StateStore.jdbc(ds);
    }
}
