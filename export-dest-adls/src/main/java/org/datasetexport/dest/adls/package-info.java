/**
 * Placeholder: Azure Data Lake Storage Gen2 destination (planned: issue 8). This module holds no code yet.
 *
 * <p>The module exists so the reactor and the module map of the design are complete. It registers no
 * provider, so adding it to a classpath changes nothing until it is built.
 */
package org.datasetexport.dest.adls;
