/**
 * Internal (registry): no compatibility promise, not for users.
 */
package org.datasetexport.internal.registry;
