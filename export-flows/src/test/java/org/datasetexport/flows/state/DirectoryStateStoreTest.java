package org.datasetexport.flows.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.datasetexport.flows.FlowStatus;
import org.datasetexport.flows.StateStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryStateStoreTest extends StateStoreContractTest {
    @TempDir
    Path dir;

    @Override
    protected StateStore newStore() {
        return StateStore.directory(dir);
    }

    @Test
    void state_survivesANewStoreOnTheSameDirectoryAndLeavesNoTempFiles() throws Exception {
        StoredFlow f = new StoredFlow("keep", "{}", FlowStatus.ACTIVE, Instant.EPOCH, null, Instant.EPOCH, null, null, null, 3);
        store.insert(f);
        try (StateStore reopened = StateStore.directory(dir)) {
            assertThat(reopened.flow("keep")).contains(f);
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            assertThat(walk.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList()).isEmpty();
        }
    }

    @Test
    void tempFilesOfACrashedWriter_areRemovedOnOpenButFreshOnesAreLeftToTheirWriter() throws Exception {
        store.insert(StoredFlow.created("crash", "{}", Instant.EPOCH));
        Path folder = dir.resolve("flows/crash");
        Path old = Files.writeString(folder.resolve(".flow.json.0badf00d.tmp"), "{half");
        Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.from(Instant.now().minus(java.time.Duration.ofDays(1))));
        Path fresh = Files.writeString(folder.resolve(".flow.json.0c0ffee0.tmp"), "{being written");
        try (StateStore reopened = StateStore.directory(dir)) {
            assertThat(reopened.flow("crash")).isPresent();
        }
        assertThat(old).doesNotExist();
        assertThat(fresh).exists();
    }
}
