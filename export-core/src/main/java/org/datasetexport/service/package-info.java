/**
 * The platform's Flow Service as a Java facade: {@link org.datasetexport.service.ExportService}
 * (destination types, formats, eligible datasets, flows by id, each checked against the
 * principal it acts for), and the registries persisted flows resolve their parts in
 * ({@link org.datasetexport.service.DatasetCatalog}, {@link org.datasetexport.service.Connections},
 * {@link org.datasetexport.service.EncryptionKeys}).
 */
package org.datasetexport.service;
