/**
 * For users' tests of their export code, with no test-framework dependency:
 * {@link org.datasetexport.testing.MemoryDestination} (strict, with failure injection),
 * {@link org.datasetexport.testing.MutableClock} and
 * {@link org.datasetexport.testing.RecordingExportListener}.
 */
package org.datasetexport.testing;
