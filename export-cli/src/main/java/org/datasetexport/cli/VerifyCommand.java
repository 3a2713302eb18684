package org.datasetexport.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.datasetexport.Destinations;
import org.datasetexport.ExportVerifier;
import org.datasetexport.VerificationReport;
import org.datasetexport.spi.Destination;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code datasetexport verify <uri> <manifest>}: checks every file a manifest lists; exit 3 on any problem. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Verify an export against its manifest: every file's size and SHA-256, no file missing or extra.")
final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<uri>", description = "The destination URI the export went to")
    String uri;

    @Parameters(index = "1", paramLabel = "<manifest>", description = "The manifest's path below the destination root")
    String manifest;

    @Option(names = {"-o", "--option"}, paramLabel = "key=value",
            description = "Destination option; secrets as $${env:NAME} or $${file:/path}")
    Map<String, String> options = new LinkedHashMap<>();

    @Override
    public Integer call() {
        Map<String, String> resolved = new SecretReferences(System::getenv).resolveAll(options);
        try (Destination destination = Destinations.of(uri, resolved)) {
            VerificationReport report = ExportVerifier.verify(destination, manifest);
            if (report.ok()) {
                spec.commandLine().getOut().println("ok: " + report.filesChecked() + " file(s) match " + manifest);
                return DatasetExportCli.OK;
            }
            report.problems().forEach(p -> spec.commandLine().getOut().println("problem: " + p));
            return DatasetExportCli.PROBLEMS;
        }
    }
}
