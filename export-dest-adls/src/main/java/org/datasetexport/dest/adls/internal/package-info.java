/** Internal (append uploads, errors): no compatibility promise, not for users. */
package org.datasetexport.dest.adls.internal;
