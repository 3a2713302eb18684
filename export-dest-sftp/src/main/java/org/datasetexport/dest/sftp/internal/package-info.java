/** Internal (SFTP sessions, uploads, errors): no compatibility promise, not for users. */
package org.datasetexport.dest.sftp.internal;
