package org.datasetexport.cli;

import java.util.concurrent.Callable;
import org.datasetexport.spi.Destination;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code datasetexport check <uri>}: proves the settings, credentials and permissions an export needs. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Check that a destination accepts exports: credentials, and write, list and delete permissions.")
final class CheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DestinationArgs destination;

    @Override
    public Integer call() {
        try (Destination opened = destination.open()) {
            opened.check();
            spec.commandLine().getOut().println("ok: " + opened.type() + " " + opened.id()
                    + " accepts exports (write, list, delete)");
        }
        return DatasetExportCli.OK;
    }
}
