/**
 * The export engine as the SDK's own modules use it: the plan a run executes
 * ({@link org.datasetexport.engine.ExportPlan}), running and publishing it
 * ({@link org.datasetexport.engine.ExportRunner}), a distributed task's files
 * ({@link org.datasetexport.engine.TaskFiles}), the checks made before a run
 * ({@link org.datasetexport.engine.FormatCheck}, {@link org.datasetexport.engine.PartitionLayout}),
 * run folders and file names ({@link org.datasetexport.engine.FileNames}) and the providers found on
 * the class path ({@link org.datasetexport.engine.ProviderRegistry}), and the manifest a run writes last
 * ({@link org.datasetexport.engine.Manifest}, read and written by {@link org.datasetexport.engine.ManifestCodec};
 * the flow runtime reads it when it takes a crashed run over). The flow runtime and
 * export-spark build on it; applications use {@code DatasetExport} instead. Public so that modules
 * need no reach into {@code org.datasetexport.internal} (the build's architecture rules forbid
 * that); pre-1.0 it may change with the modules that use it.
 */
package org.datasetexport.engine;
