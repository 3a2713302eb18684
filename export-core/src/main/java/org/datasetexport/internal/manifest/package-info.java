/**
 * Internal (manifest): no compatibility promise, not for users.
 */
package org.datasetexport.internal.manifest;
