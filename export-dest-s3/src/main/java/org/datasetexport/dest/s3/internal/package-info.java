/** Internal (S3 uploads and error mapping): no compatibility promise, not for users. */
package org.datasetexport.dest.s3.internal;
