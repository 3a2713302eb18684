/**
 * Internal (io): no compatibility promise, not for users.
 */
package org.datasetexport.internal.io;
