/**
 * Data-usage labels, export policies and permissions: implement {@link org.datasetexport.policy.ExportPolicy}
 * or use {@link org.datasetexport.policy.RuleBasedPolicy}; supply who is exporting with
 * {@link org.datasetexport.policy.Principal} and check it with an {@link org.datasetexport.policy.Authorizer}.
 */
package org.datasetexport.policy;
