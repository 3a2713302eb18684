package org.datasetexport.flows.service;

/**
 * Checks that a principal may do something. Configured on an {@code ExportService}
 * ({@code ExportService.of(scheduler, authorizer)}), which checks it on every call and on every call
 * of the flow handles it returns; without one, nothing is checked. {@link #requirePermissions()} is
 * the built-in check.
 */
@FunctionalInterface
public interface Authorizer {

    /**
     * @param principal who is acting, or null when the app supplied none
     * @param permission the permission the action needs
     * @param action what is being done, for the message ("start flow nightly")
     * @throws PermissionDeniedException when not allowed
     */
    void authorize(Principal principal, Permission permission, String action);

    /**
     * @return an authorizer that allows an action only to a principal holding its permission:
     *         {@code MANAGE_AND_ACTIVATE_DATASET_DESTINATIONS} to create, change, run or delete flows,
     *         {@code VIEW_DESTINATIONS} to see destinations, flows and runs, {@code VIEW_DATASETS} to
     *         see datasets
     */
    static Authorizer requirePermissions() {
        return (principal, permission, action) -> {
            if (principal == null || !principal.permissions().contains(permission)) {
                throw new PermissionDeniedException(principal, permission, action);
            }
        };
    }
}
