/**
 * Internal (engine): no compatibility promise, not for users.
 */
package org.datasetexport.internal.engine;
