package org.datasetexport.flows.service;

import org.datasetexport.ExportException;

/** The principal lacks the permission an action needs. */
public class PermissionDeniedException extends ExportException {
    private static final long serialVersionUID = 1L;

    private final Permission permission;

    /**
     * @param principal who tried (null for nobody)
     * @param permission what was needed
     * @param action what was tried
     */
    public PermissionDeniedException(Principal principal, Permission permission, String action) {
        super(principal == null
                ? "Cannot " + action + " without a principal: the permission " + permission + " is required"
                : "Principal \"" + principal.name() + "\" may not " + action + ": it needs the permission " + permission);
        this.permission = permission;
    }

    /** @return the missing permission */
    public Permission permission() {
        return permission;
    }
}
