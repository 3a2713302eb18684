/**
 * Internal (state stores): no compatibility promise, not for users.
 */
package org.datasetexport.flows.internal.state;
