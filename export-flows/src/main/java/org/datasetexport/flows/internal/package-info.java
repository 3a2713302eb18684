/**
 * Internal (flow runs: the runner, its checks): no compatibility promise, not for users.
 */
package org.datasetexport.flows.internal;
