package org.datasetexport.flows;

import javax.sql.DataSource;
import org.datasetexport.testdata.PostgresServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;

class SharedPostgresStoreSchedulingTest extends SharedStoreSchedulingTest {
    private static PostgresServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = PostgresServer.shared();
    }

    @Override
    protected DataSource dataSource() throws Exception {
        return server.dataSourceWithoutStateTables();
    }

    /** The same race, repeated from a fresh database each time. */
    @RepeatedTest(3)
    void repeated() throws Exception {
        twoSchedulers_sharingOneDatabase_runEachSlotExactlyOnce();
    }
}
