package org.datasetexport.cli;

import java.util.concurrent.Callable;
import org.datasetexport.ExportVerifier;
import org.datasetexport.VerificationReport;
import org.datasetexport.spi.Destination;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code datasetexport verify <uri> <manifest>}: checks every file a manifest lists; exit 3 on any problem. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Verify an export against its manifest: every file's size and SHA-256, no file missing or extra.")
final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DestinationArgs destination;

    @Parameters(index = "1", paramLabel = "<manifest>", description = "The manifest's path below the destination root")
    String manifest;

    @Override
    public Integer call() {
        try (Destination opened = destination.open()) {
            VerificationReport report = ExportVerifier.verify(opened, manifest);
            if (report.ok()) {
                spec.commandLine().getOut().println("ok: " + report.filesChecked() + " file(s) match " + manifest);
                return DatasetExportCli.OK;
            }
            report.problems().forEach(p -> spec.commandLine().getOut().println("problem: " + p));
            return DatasetExportCli.PROBLEMS;
        }
    }
}
