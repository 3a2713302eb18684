/** Internal (block uploads, container operations, errors): no compatibility promise, not for users. */
package org.datasetexport.dest.azure.internal;
