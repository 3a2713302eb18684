/**
 * Exports of Spark DataFrames as Spark jobs: {@link org.datasetexport.spark.SparkExport} writes
 * each partition in a task through the SDK's formats and destinations and publishes the run
 * all-or-nothing from the driver; {@link org.datasetexport.spark.SparkSchemas} maps Spark SQL types.
 */
package org.datasetexport.spark;
