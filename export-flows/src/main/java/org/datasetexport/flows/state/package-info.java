/**
 * For people who write or operate a state store: {@link org.datasetexport.flows.state.StoredFlow}, the
 * record a {@link org.datasetexport.flows.StateStore} keeps per flow, and
 * {@link org.datasetexport.flows.state.UnreadableStateException}. Users of flows do not need this package.
 */
package org.datasetexport.flows.state;
