package org.datasetexport;

import java.nio.file.Path;
import java.util.AbstractList;
import java.util.RandomAccess;
import org.datasetexport.data.DataType;
import org.datasetexport.data.Datasets;
import org.datasetexport.data.Field;
import org.datasetexport.data.Row;
import org.datasetexport.data.Schema;
import org.datasetexport.dest.file.FileDestination;

/**
 * The export that {@code FileCrashTest} kills: a long run of generated rows into a folder, many
 * small files, two workers, a manifest at the end. Run in a child JVM.
 */
public final class CrashChild {
    /** The rows' schema: an id and a padding string, so files have some size. */
    static final Schema SCHEMA = Schema.of(Field.required("id", DataType.LONG), Field.required("pad", DataType.STRING));
    /** Rows of the export. */
    static final int ROWS = 3_000_000;

    private CrashChild() {
    }

    /**
     * @param args the folder to export to
     */
    public static void main(String[] args) {
        String pad = "x".repeat(64);
        class Generated extends AbstractList<Row> implements RandomAccess {
            @Override
            public Row get(int index) {
                return Row.of((long) index, pad);
            }

            @Override
            public int size() {
                return ROWS;
            }
        }
        DatasetExport.from(Datasets.of("crash", SCHEMA, new Generated())).to(FileDestination.of(Path.of(args[0])))
                .format("text").maxRecordsPerFile(20_000).parallelism(2).manifest(true).run();
        System.out.println("finished");
    }
}
