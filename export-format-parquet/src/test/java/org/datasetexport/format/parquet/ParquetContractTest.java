package org.datasetexport.format.parquet;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.datasetexport.data.Schema;
import org.datasetexport.files.FileFormatReader;
import org.datasetexport.spi.Format;
import org.datasetexport.spi.FormatContractTest;
import org.datasetexport.testdata.DuckDbReader;

/** Parquet against the format contract kit; DuckDB's read_parquet is the independent reader. */
class ParquetContractTest extends FormatContractTest {
    @Override
    protected Format format() {
        return new ParquetFormatProvider().create(Map.of());
    }

    @Override
    protected FileFormatReader reader() {
        return ParquetFiles.reader();
    }

    @Override
    protected List<List<Object>> readIndependently(DuckDbReader duck, Path file, Schema schema) throws Exception {
        return duck.readParquet(file, schema);
    }

    @Override
    protected DuckDbReader.Source independentShape() {
        return DuckDbReader.Source.PARQUET;
    }
}
