/**
 * Helpers that plug-ins (formats, destinations, engines) share with the core, as a supported
 * API: JSON value writing in the JSON Lines mapping ({@link org.datasetexport.spi.support.JsonValueWriter}),
 * allocation-free ISO times ({@link org.datasetexport.spi.support.IsoTimes}), CRC32C as object
 * stores exchange it ({@link org.datasetexport.spi.support.Crc32c}), counting and digesting what
 * is stored ({@link org.datasetexport.spi.support.CountingDigestOutputStream}), and the run's
 * identity in the logging MDC ({@link org.datasetexport.spi.support.RunMdc}), and making a rename
 * inside a local folder durable ({@link org.datasetexport.spi.support.Fsync}).
 *
 * <p>Like {@code org.datasetexport.spi}, this package imports nothing from
 * {@code org.datasetexport.internal}; the build's architecture rules check it.
 */
package org.datasetexport.spi.support;
