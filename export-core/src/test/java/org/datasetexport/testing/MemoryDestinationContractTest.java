package org.datasetexport.testing;

import java.util.ArrayList;
import java.util.List;
import org.datasetexport.spi.Destination;
import org.datasetexport.spi.DestinationContractTest;

class MemoryDestinationContractTest extends DestinationContractTest {
    private MemoryDestination memory;

    @Override
    protected Destination newDestination() {
        memory = MemoryDestination.create();
        return memory;
    }

    @Override
    protected List<String> rawObjects() {
        // open outputs count as leftovers: an aborted output must not stay open
        List<String> all = new ArrayList<>(memory.committedPaths());
        all.addAll(memory.openOutputs());
        return all;
    }
}
