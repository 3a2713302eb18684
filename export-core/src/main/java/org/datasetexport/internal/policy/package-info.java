/** Internal (policy application): no compatibility promise, not for users. */
package org.datasetexport.internal.policy;
