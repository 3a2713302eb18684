/**
 * Internal (Parquet writing): no compatibility promise, not for users.
 */
package org.datasetexport.format.parquet.internal;
