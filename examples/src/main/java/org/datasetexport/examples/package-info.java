/**
 * Runnable examples. {@link org.datasetexport.examples.MainJob} is the README's main job: an
 * export of a sample dataset to a local folder, verified against its manifest.
 */
package org.datasetexport.examples;
