package org.datasetexport.dest.file;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.datasetexport.spi.Destination;
import org.datasetexport.spi.DestinationContractTest;
import org.junit.jupiter.api.io.TempDir;

class FileDestinationContractTest extends DestinationContractTest {
    @TempDir
    Path root;

    @Override
    protected Destination newDestination() {
        return FileDestination.of(root);
    }

    @Override
    protected List<String> rawObjects() throws Exception {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile)
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .sorted().toList();
        }
    }
}
