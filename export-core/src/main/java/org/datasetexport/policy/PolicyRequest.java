package org.datasetexport.policy;

import java.util.Optional;
import java.util.Set;
import org.datasetexport.data.Schema;

/**
 * What an {@link ExportPolicy} decides on: the dataset, its labels and schema (fields carry their
 * labels), where it goes, and why (the declared purpose, e.g. "marketing action").
 *
 * @param datasetId the dataset
 * @param datasetLabels labels of the whole dataset
 * @param schema the schema, with field labels
 * @param destinationId the destination's id
 * @param purpose the export's declared purpose, if any
 */
public record PolicyRequest(String datasetId, Set<String> datasetLabels, Schema schema, String destinationId,
                            Optional<String> purpose) {
}
