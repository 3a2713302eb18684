/**
 * The Parquet format: {@link org.datasetexport.format.parquet.ParquetFormat}, found by
 * {@code format("parquet")} once this module is on the classpath. The class comment documents the
 * type mapping and the memory defaults.
 */
package org.datasetexport.format.parquet;
