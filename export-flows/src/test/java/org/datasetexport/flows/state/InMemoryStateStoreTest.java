package org.datasetexport.flows.state;

import org.datasetexport.flows.StateStore;

class InMemoryStateStoreTest extends StateStoreContractTest {
    @Override
    protected StateStore newStore() {
        return StateStore.inMemory();
    }
}
