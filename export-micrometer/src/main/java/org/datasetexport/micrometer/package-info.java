/**
 * Micrometer for datasetexport: {@link org.datasetexport.micrometer.ExportMetrics} records meters
 * and an observation for every run, and per-flow gauges for a scheduler. See the module README.
 */
package org.datasetexport.micrometer;
