package org.datasetexport;

import java.nio.file.Path;
import org.datasetexport.data.Datasets;
import org.datasetexport.data.Schema;
import org.datasetexport.dest.file.FileDestination;
import org.datasetexport.testdata.GeneratedRows;

/**
 * The export that {@code FileCrashTest} kills: a long run of generated rows into a folder, many
 * small files, two workers, a manifest at the end. Run in a child JVM.
 */
public final class CrashChild {
    /** The rows' schema: an id and a padding string, so files have some size. */
    static final Schema SCHEMA = GeneratedRows.SCHEMA;
    /** Rows of the export. */
    static final int ROWS = 3_000_000;

    private CrashChild() {
    }

    /**
     * @param args the folder to export to
     */
    public static void main(String[] args) {
        DatasetExport.from(Datasets.of("crash", SCHEMA, GeneratedRows.of(ROWS, "x".repeat(64)))).to(FileDestination.of(Path.of(args[0])))
                .format("text").maxRecordsPerFile(20_000).parallelism(2).manifest(true).run();
        System.out.println("finished");
    }
}
