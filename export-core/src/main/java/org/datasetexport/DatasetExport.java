package org.datasetexport;

import org.datasetexport.data.Dataset;

/**
 * The entry point: {@code DatasetExport.from(dataset)} starts an {@link ExportBuilder}.
 *
 * <pre>{@code
 * ExportResult result = DatasetExport.from(dataset)
 *         .to("file:///var/exports")
 *         .folder("nightly")
 *         .format("json").compression(Compression.GZIP)
 *         .manifest(true)
 *         .run();
 * }</pre>
 */
public final class DatasetExport {
    private DatasetExport() {
    }

    /**
     * @param dataset what to export
     * @return a new builder; mutable, not thread-safe, for one terminal call
     * @throws ConfigurationException when {@code dataset} is null
     */
    public static ExportBuilder from(Dataset dataset) {
        return new ExportBuilder(ConfigurationException.requireNonNull(dataset, "dataset"));
    }
}
