package org.datasetexport.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.datasetexport.Destinations;
import org.datasetexport.spi.Destination;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code datasetexport check <uri>}: proves the settings, credentials and permissions an export needs. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Check that a destination accepts exports: credentials, and write, list and delete permissions.")
final class CheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<uri>", description = "Destination URI: s3://bucket/prefix, sftp://user@host/path, file:///dir")
    String uri;

    @Option(names = {"-o", "--option"}, paramLabel = "key=value",
            description = "Destination option; secrets as $${env:NAME} or $${file:/path}")
    Map<String, String> options = new LinkedHashMap<>();

    @Override
    public Integer call() {
        Map<String, String> resolved = new SecretReferences(System::getenv).resolveAll(options);
        try (Destination destination = Destinations.of(uri, resolved)) {
            destination.check();
            spec.commandLine().getOut().println("ok: " + destination.type() + " " + destination.id()
                    + " accepts exports (write, list, delete)");
        }
        return DatasetExportCli.OK;
    }
}
