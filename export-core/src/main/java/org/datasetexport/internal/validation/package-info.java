/**
 * Internal (validation): no compatibility promise, not for users.
 */
package org.datasetexport.internal.validation;
