package org.datasetexport.format.json;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.datasetexport.data.Schema;
import org.datasetexport.files.FileFormatReader;
import org.datasetexport.spi.Format;
import org.datasetexport.spi.FormatContractTest;
import org.datasetexport.testdata.DuckDbReader;

/** JSON Lines against the format contract kit; DuckDB's read_json is the independent reader. */
class JsonLinesContractTest extends FormatContractTest {
    @Override
    protected Format format() {
        return new JsonLinesFormatProvider().create(Map.of());
    }

    @Override
    protected FileFormatReader reader() {
        return JsonLinesFiles.reader();
    }

    @Override
    protected List<List<Object>> readIndependently(DuckDbReader duck, Path file, Schema schema) throws Exception {
        return duck.readJson(file, schema);
    }

    @Override
    protected DuckDbReader.Source independentShape() {
        return DuckDbReader.Source.JSON;
    }
}
