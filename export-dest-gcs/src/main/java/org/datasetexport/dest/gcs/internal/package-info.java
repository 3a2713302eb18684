/** Internal (resumable uploads, errors): no compatibility promise, not for users. */
package org.datasetexport.dest.gcs.internal;
