/**
 * Internal (naming): no compatibility promise, not for users.
 */
package org.datasetexport.internal.naming;
