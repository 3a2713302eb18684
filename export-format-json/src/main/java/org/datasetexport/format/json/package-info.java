/**
 * The JSON Lines format: {@link org.datasetexport.format.json.JsonLinesFormat}, found by
 * {@code format("json")} once this module is on the classpath. The class comment documents how
 * each data type is written.
 */
package org.datasetexport.format.json;
