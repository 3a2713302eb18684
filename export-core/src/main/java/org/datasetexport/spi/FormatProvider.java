package org.datasetexport.spi;

import java.util.Map;

/**
 * The {@link java.util.ServiceLoader} entry point of a format module: one line naming the
 * implementation in {@code META-INF/services/org.datasetexport.spi.FormatProvider}. Needs a public
 * no-argument constructor, does no I/O and holds no mutable state.
 */
public interface FormatProvider {

    /** @return the format name, lower-case and constant ({@code json}) */
    String name();

    /**
     * @param options format options (for example Parquet's row group size); unknown keys are a
     *        {@link org.datasetexport.ConfigurationException} listing the valid ones
     * @return a configured format
     */
    Format create(Map<String, String> options);
}
