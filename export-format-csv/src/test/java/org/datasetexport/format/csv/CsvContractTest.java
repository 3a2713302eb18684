package org.datasetexport.format.csv;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.datasetexport.data.Schema;
import org.datasetexport.files.FileFormatReader;
import org.datasetexport.spi.Format;
import org.datasetexport.spi.FormatContractTest;
import org.datasetexport.testdata.DuckDbReader;

/** CSV against the format contract kit; DuckDB's read_csv is (nested cells cast from their JSON text) the independent reader. */
class CsvContractTest extends FormatContractTest {
    @Override
    protected Format format() {
        return new CsvFormatProvider().create(Map.of());
    }

    @Override
    protected FileFormatReader reader() {
        return CsvFiles.reader();
    }

    @Override
    protected List<List<Object>> readIndependently(DuckDbReader duck, Path file, Schema schema) throws Exception {
        return duck.readCsv(file, schema, true, "");
    }

    @Override
    protected DuckDbReader.Source independentShape() {
        return DuckDbReader.Source.JSON;
    }
}
