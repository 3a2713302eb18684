/**
 * CSV files: {@link org.datasetexport.format.csv.CsvFormat} (found as {@code format("csv")}) writes
 * them, {@link org.datasetexport.format.csv.CsvFiles#reader()} reads them as a dataset. See the
 * module README for the value mapping, the options and formula escaping.
 */
package org.datasetexport.format.csv;
