package org.datasetexport.spi.support;

import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Fsync#directory(Path)} as a plug-in calls it after a rename: it syncs a real folder and never throws. */
class FsyncTest {
    @Test
    void aFolderWithANewEntry_isSynced_withoutThrowing(@TempDir Path dir) throws Exception {
        Path staged = Files.writeString(dir.resolve(".part"), "data");
        Files.move(staged, dir.resolve("part"));
        assertThatCode(() -> Fsync.directory(dir)).doesNotThrowAnyException();
    }

    @Test
    void aFolderThatCannotBeOpened_isSkipped_asDocumented(@TempDir Path dir) {
        // the file was synced by its writer; a platform or path that cannot fsync a folder is not an error
        assertThatCode(() -> Fsync.directory(dir.resolve("gone"))).doesNotThrowAnyException();
    }
}
