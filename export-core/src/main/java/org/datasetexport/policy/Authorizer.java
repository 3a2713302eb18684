package org.datasetexport.policy;

/**
 * Checks that a principal may do something. Configured on the {@code ExportScheduler}; without one,
 * nothing is checked. {@link #requirePermissions()} is the built-in check.
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
     *         {@code MANAGE_AND_ACTIVATE_DATASET_DESTINATIONS} to start or change flows,
     *         {@code VIEW_DESTINATIONS} to list runs
     */
    static Authorizer requirePermissions() {
        return (principal, permission, action) -> {
            if (principal == null || !principal.permissions().contains(permission)) {
                throw new PermissionDeniedException(principal, permission, action);
            }
        };
    }
}
