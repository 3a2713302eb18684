package org.datasetexport.flows.state;

import java.util.UUID;
import org.datasetexport.flows.StateStore;
import org.h2.jdbcx.JdbcDataSource;

class JdbcStateStoreH2Test extends StateStoreContractTest {
    @Override
    protected StateStore newStore() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return StateStore.jdbc(ds);
    }
}
