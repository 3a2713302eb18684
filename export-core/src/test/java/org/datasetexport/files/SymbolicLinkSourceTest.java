package org.datasetexport.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 32, item 8: a symbolic link to a folder is not followed, and the listing says so instead of skipping it silently. */
class SymbolicLinkSourceTest {
    @TempDir
    Path dir;

    @Test
    void aLinkedFolder_isNotFollowed_andTheSkipIsLogged() throws Exception {
        Path source = Files.createDirectories(dir.resolve("source"));
        Files.writeString(source.resolve("a.json"), "{}\n");
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("b.json"), "{}\n");
        Files.createSymbolicLink(source.resolve("linked"), elsewhere);
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        java.util.List<SourceFile> files;
        try {
            files = FileSource.local(source).list();
        } finally {
            System.setErr(err);
        }
        assertThat(files).extracting(SourceFile::path).containsExactly("a.json");
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains("WARN").contains("symbolic link linked to a folder is not followed");
    }
}
