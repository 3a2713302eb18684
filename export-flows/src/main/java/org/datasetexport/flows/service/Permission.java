package org.datasetexport.flows.service;

/** Permissions checked by an {@link Authorizer} in {@code ExportService}, named as on the platform. */
public enum Permission {
    /** Create, change, pause, resume, cancel, delete and run flows. */
    MANAGE_AND_ACTIVATE_DATASET_DESTINATIONS,
    /** See destination types, formats, connections, flows and their runs. */
    VIEW_DESTINATIONS,
    /** See the dataset catalog and which datasets are eligible for a destination and format. */
    VIEW_DATASETS
}
