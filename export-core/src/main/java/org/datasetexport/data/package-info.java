/**
 * The data model: {@link org.datasetexport.data.Schema}, {@link org.datasetexport.data.Field},
 * {@link org.datasetexport.data.DataType}, {@link org.datasetexport.data.Row} and the
 * {@link org.datasetexport.data.Dataset} interface that sources implement;
 * {@link org.datasetexport.data.Datasets#of} makes in-memory datasets.
 */
package org.datasetexport.data;
