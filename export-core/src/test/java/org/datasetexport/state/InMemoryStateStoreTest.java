package org.datasetexport.state;

import org.datasetexport.StateStore;

class InMemoryStateStoreTest extends StateStoreContractTest {
    @Override
    protected StateStore newStore() {
        return StateStore.inMemory();
    }
}
