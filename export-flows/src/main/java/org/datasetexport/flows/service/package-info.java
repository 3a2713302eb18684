/**
 * The platform's Flow Service as a Java facade: {@link org.datasetexport.flows.service.ExportService}
 * (destination types, formats, eligible datasets, flows by id, each checked against the
 * principal it acts for), and the registries persisted flows resolve their parts in
 * ({@link org.datasetexport.flows.service.DatasetCatalog}, {@link org.datasetexport.flows.service.Connections},
 * {@link org.datasetexport.flows.service.EncryptionKeys}). Authorization: an {@link org.datasetexport.flows.service.Authorizer}
 * decides whether a {@link org.datasetexport.flows.service.Principal} holds a {@link org.datasetexport.flows.service.Permission}.
 */
package org.datasetexport.flows.service;
