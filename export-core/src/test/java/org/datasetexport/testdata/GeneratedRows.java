package org.datasetexport.testdata;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;
import org.datasetexport.data.DataType;
import org.datasetexport.data.Field;
import org.datasetexport.data.Row;
import org.datasetexport.data.Schema;

/** Rows made on demand, {@code (id, pad)}: large exports for crash tests without holding them in memory. */
public final class GeneratedRows {
    /** {@code id long not null, pad string not null}. */
    public static final Schema SCHEMA = Schema.of(Field.required("id", DataType.LONG), Field.required("pad", DataType.STRING));

    private GeneratedRows() {
    }

    /**
     * @param count how many rows
     * @param pad the string of every row
     * @return a random-access list (so the export plans several splits) of {@code Row.of(index, pad)}
     */
    public static List<Row> of(int count, String pad) {
        class Generated extends AbstractList<Row> implements RandomAccess {
            @Override
            public Row get(int index) {
                return Row.of((long) index, pad);
            }

            @Override
            public int size() {
                return count;
            }
        }
        return new Generated();
    }
}
