package org.datasetexport.flows.service;

import java.util.Set;
import org.datasetexport.ConfigurationException;

/**
 * Who is exporting, as the embedding app knows it: a name and the permissions the app granted.
 *
 * @param name a user or service name, for messages and audit
 * @param permissions what the principal may do
 */
public record Principal(String name, Set<Permission> permissions) {

    /** Copies the permissions. */
    public Principal {
        ConfigurationException.requireNonNull(name, "principal name");
        permissions = Set.copyOf(ConfigurationException.requireNonNull(permissions, "permissions"));
    }

    /**
     * @param name the name
     * @param permissions its permissions
     * @return the principal
     */
    public static Principal of(String name, Permission... permissions) {
        return new Principal(name, Set.of(permissions));
    }
}
