package org.datasetexport;

import java.nio.file.Path;
import java.util.List;
import org.datasetexport.data.Datasets;
import org.datasetexport.data.Row;
import org.datasetexport.data.Schema;
import org.datasetexport.dest.file.FileDestination;
import org.datasetexport.testdata.GeneratedRows;

/**
 * The export that {@code FileCrashTest} kills: a long run of generated rows into a folder, many
 * small files, two workers (over two splits, or one split fanned out), a manifest at the end. Run
 * in a child JVM.
 */
public final class CrashChild {
    /** The rows' schema: an id and a padding string, so files have some size. */
    static final Schema SCHEMA = GeneratedRows.SCHEMA;
    /** Rows of the export. */
    static final int ROWS = 3_000_000;

    private CrashChild() {
    }

    /**
     * @param args the folder to export to, and {@code one-split} to read the rows through a plain
     *             iterable (one split, fanned out to the two workers) instead of a list (two splits)
     */
    public static void main(String[] args) {
        List<Row> rows = GeneratedRows.of(ROWS, "x".repeat(64));
        Iterable<Row> source = args.length > 1 && args[1].equals("one-split") ? rows::iterator : rows;
        DatasetExport.from(Datasets.of("crash", SCHEMA, source)).to(FileDestination.of(Path.of(args[0])))
                .format("text").maxRecordsPerFile(20_000).parallelism(2).manifest(true).run();
        System.out.println("finished");
    }
}
