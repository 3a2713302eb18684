package org.datasetexport.policy;

/** Permissions checked by an {@link Authorizer}, named as on the platform. */
public enum Permission {
    /** Start, change, pause, resume, delete and run flows. */
    MANAGE_AND_ACTIVATE_DATASET_DESTINATIONS,
    /** List flows and their runs. */
    VIEW_DESTINATIONS
}
