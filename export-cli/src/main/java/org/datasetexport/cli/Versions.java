package org.datasetexport.cli;

import picocli.CommandLine;

/** {@code --version}: the jar's implementation version, or "development" from a source tree. */
final class Versions implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = DatasetExportCli.class.getPackage().getImplementationVersion();
        return new String[] {"datasetexport " + (version == null ? "(development build)" : version)};
    }
}
