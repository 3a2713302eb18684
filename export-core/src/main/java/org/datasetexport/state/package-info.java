/**
 * For people who write or operate a state store: {@link org.datasetexport.state.StoredFlow}, the
 * record a {@link org.datasetexport.StateStore} keeps per flow, and
 * {@link org.datasetexport.state.UnreadableStateException}. Users of flows do not need this package.
 */
package org.datasetexport.state;
