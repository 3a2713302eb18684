package org.datasetexport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.datasetexport.data.DataType;
import org.datasetexport.data.Dataset;
import org.datasetexport.data.Datasets;
import org.datasetexport.data.Field;
import org.datasetexport.data.Row;
import org.datasetexport.data.Schema;
import org.datasetexport.dest.file.FileDestination;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 16: a file: destination never follows links inside its root, and a rollback removes only what it created. */
class FileDestinationLinkTest {
    private static final Schema SCHEMA = Schema.of(Field.required("id", DataType.LONG));

    @TempDir
    Path tmp;
    private Path root;
    private Path outside;

    @BeforeEach
    void folders() throws Exception {
        root = Files.createDirectories(tmp.resolve("root"));
        outside = Files.createDirectories(tmp.resolve("outside"));
    }

    private static Dataset rows(String id, int n) {
        List<Row> rows = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            rows.add(Row.of(i));
        }
        return Datasets.of(id, SCHEMA, rows);
    }

    private static List<Path> filesUnder(Path dir) throws Exception {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> !p.equals(dir)).toList();
        }
    }

    @Test
    void datasetFolderIsALinkOutOfTheRoot_runFailsBeforeWritingAndLeavesTheLink() throws Exception {
        Files.createSymbolicLink(root.resolve("events"), outside);
        assertThatThrownBy(() -> DatasetExport.from(rows("events", 10)).to(FileDestination.of(root)).format("text")
                .manifest(true).run())
                .isInstanceOfSatisfying(DestinationException.class, e -> assertThat(e.isRetryable()).isFalse())
                .hasMessageContaining("\"events\" is a symbolic link");
        assertThat(filesUnder(outside)).isEmpty();
        assertThat(Files.isSymbolicLink(root.resolve("events"))).isTrue();
    }

    @Test
    void userFolderIsALink_manifestCannotBeSteeredOutEither() throws Exception {
        Files.createSymbolicLink(root.resolve("nightly"), outside);
        assertThatThrownBy(() -> DatasetExport.from(rows("events", 0)).to(FileDestination.of(root)).folder("nightly")
                .format("text").manifest(true).run())
                .isInstanceOf(DestinationException.class).hasMessageContaining("\"nightly\" is a symbolic link");
        assertThat(filesUnder(outside)).isEmpty();
    }

    @Test
    void failedRun_rollsBackOnlyWhatItCreated_keepingTheUsersFoldersAndLinks() throws Exception {
        Files.createDirectories(root.resolve("nightly/events"));            // the user's, empty
        Path userLink = Files.createSymbolicLink(root.resolve("nightly/shortcut"), outside);
        Files.writeString(outside.resolve("precious.txt"), "keep me");
        FailingNthCommit failing = new FailingNthCommit(FileDestination.of(root), 3);
        assertThatThrownBy(() -> DatasetExport.from(rows("events", 50)).to(failing).folder("nightly").format("text")
                .maxRecordsPerFile(10).run()).isInstanceOf(ExportException.class);
        assertThat(root.resolve("nightly/events")).isDirectory();
        assertThat(filesUnder(root.resolve("nightly/events"))).isEmpty();
        assertThat(Files.isSymbolicLink(userLink)).isTrue();
        assertThat(outside.resolve("precious.txt")).hasContent("keep me");
    }

    @Test
    void linksToFilesOutside_areNeitherListedNorRead() throws Exception {
        Path secret = Files.writeString(outside.resolve("secret.txt"), "not yours");
        Files.createSymbolicLink(root.resolve("leak.txt"), secret);
        FileDestination destination = FileDestination.of(root);
        assertThat(destination.list("")).doesNotContain("leak.txt");
        assertThatThrownBy(() -> destination.open("leak.txt")).hasMessageContaining("symbolic link");
        assertThatThrownBy(() -> destination.delete("leak.txt")).hasMessageContaining("symbolic link");
        assertThat(secret).hasContent("not yours");
        assertThat(Files.isSymbolicLink(root.resolve("leak.txt"))).isTrue();
    }

    @Test
    void rootItselfALink_isTheUsersChoiceAndWorks() throws Exception {
        Path linkedRoot = Files.createSymbolicLink(tmp.resolve("linked-root"), outside);
        ExportResult result = DatasetExport.from(rows("events", 3)).to(FileDestination.of(linkedRoot)).format("text").run();
        assertThat(outside.resolve(result.files().get(0).path())).exists();
    }
}
