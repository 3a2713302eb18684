package org.datasetexport.spi.support;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Makes a rename or link inside a folder durable: the folder's own entry must reach the disk too. */
public final class Fsync {
    private Fsync() {
    }

    /** @param dir the folder whose entries changed; platforms that cannot fsync a folder are skipped */
    public static void directory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // not every platform can fsync a folder; the file itself was synced
        }
    }
}
