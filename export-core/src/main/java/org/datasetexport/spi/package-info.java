/**
 * For plug-in authors: implement {@link org.datasetexport.spi.FormatProvider} or
 * {@link org.datasetexport.spi.DestinationProvider} and register it in
 * {@code META-INF/services}. The destination contract kit in export-core's test-jar checks a
 * destination against the guarantees in {@link org.datasetexport.spi.Destination}.
 */
package org.datasetexport.spi;
