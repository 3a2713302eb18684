/**
 * Datasets from databases: {@link org.datasetexport.jdbc.JdbcDataset} over a plain
 * {@code javax.sql.DataSource}, split by key ranges and incremental by an ingestion column.
 */
package org.datasetexport.jdbc;
