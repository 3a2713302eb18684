/**
 * Spring Boot auto-configuration for datasetexport: an {@link org.datasetexport.flows.ExportScheduler}
 * running the flows declared under {@code datasetexport.*}, the {@code exports} health indicator
 * and actuator endpoint, and Micrometer meters. Start at {@link org.datasetexport.spring.DatasetExportAutoConfiguration}.
 */
package org.datasetexport.spring;
