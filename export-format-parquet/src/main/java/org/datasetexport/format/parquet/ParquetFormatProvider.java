package org.datasetexport.format.parquet;

import java.util.Map;
import java.util.Set;
import org.datasetexport.spi.Format;
import org.datasetexport.spi.FormatProvider;
import org.datasetexport.spi.OptionValues;

/**
 * The {@link java.util.ServiceLoader} entry for {@code format("parquet")}. Option keys:
 * {@code row-group-size} and {@code page-size}, as bytes or sizes such as {@code 64MiB}.
 */
public final class ParquetFormatProvider implements FormatProvider {
    private static final String ROW_GROUP_SIZE = "row-group-size";
    private static final String PAGE_SIZE = "page-size";

    /** Needed by {@link java.util.ServiceLoader}. */
    public ParquetFormatProvider() {
    }

    @Override
    public String name() {
        return ParquetFormat.NAME;
    }

    @Override
    public Format create(Map<String, String> options) {
        OptionValues.requireKnownKeys(options, Set.of(ROW_GROUP_SIZE, PAGE_SIZE), "format \"parquet\"");
        ParquetFormat.Builder builder = ParquetFormat.builder();
        if (options.containsKey(ROW_GROUP_SIZE)) {
            builder.rowGroupSize(OptionValues.size(ROW_GROUP_SIZE, options.get(ROW_GROUP_SIZE)));
        }
        if (options.containsKey(PAGE_SIZE)) {
            builder.pageSize(OptionValues.size(PAGE_SIZE, options.get(PAGE_SIZE)));
        }
        return builder.build();
    }
}
