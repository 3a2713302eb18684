/**
 * Throughput harnesses (not published): {@link org.datasetexport.benchmarks.ParquetExportBenchmark}
 * compares a Parquet export through the SDK with raw parquet-mr on the same rows.
 */
package org.datasetexport.benchmarks;
