package org.datasetexport.flows.service;

import org.datasetexport.data.Datasets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import org.datasetexport.ConfigurationException;
import org.datasetexport.data.Dataset;

/**
 * Datasets by id, so persisted flows (which name their dataset by id) find it again after a
 * restart. Thread-safe.
 */
public final class DatasetCatalog {
    private final Map<String, Dataset> datasets = new ConcurrentSkipListMap<>();

    /**
     * Registers a dataset under its id, replacing one registered before under that id.
     *
     * @param dataset the dataset
     * @return this catalog
     * @throws ConfigurationException when null
     */
    public DatasetCatalog register(Dataset dataset) {
        ConfigurationException.requireNonNull(dataset, "dataset");
        datasets.put(dataset.id(), dataset);
        return this;
    }

    /**
     * @param id a dataset id
     * @return the dataset, if registered
     */
    public Optional<Dataset> dataset(String id) {
        return Optional.ofNullable(datasets.get(id));
    }

    /** @return the registered datasets, sorted by id */
    public List<Dataset> datasets() {
        return List.copyOf(datasets.values());
    }
}
