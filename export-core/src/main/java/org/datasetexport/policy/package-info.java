/**
 * Data-usage labels, export policies and permissions: implement {@link org.datasetexport.policy.ExportPolicy}
 * or use {@link org.datasetexport.policy.RuleBasedPolicy}; supply who is exporting with
 * {@code org.datasetexport.flows.service.Principal} and check it with an {@code Authorizer} (both in export-flows).
 */
package org.datasetexport.policy;
