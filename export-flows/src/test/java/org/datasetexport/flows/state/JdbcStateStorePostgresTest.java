package org.datasetexport.flows.state;

import org.datasetexport.flows.StateStore;
import org.datasetexport.testdata.PostgresServer;
import org.junit.jupiter.api.BeforeAll;

class JdbcStateStorePostgresTest extends StateStoreContractTest {
    private static PostgresServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = PostgresServer.shared();
    }

    @Override
    protected StateStore newStore() throws Exception {
        return StateStore.jdbc(server.dataSourceWithoutStateTables());
    }
}
