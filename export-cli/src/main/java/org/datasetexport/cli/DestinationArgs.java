package org.datasetexport.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.datasetexport.engine.ProviderRegistry;
import org.datasetexport.Destinations;
import org.datasetexport.spi.Destination;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The destination URI and its {@code -o key=value} options, shared by {@code check} and {@code verify}. */
final class DestinationArgs {
    @Parameters(index = "0", paramLabel = "<uri>", description = "Destination URI: s3://bucket/prefix, sftp://user@host/path, file:///dir")
    String uri;

    @Option(names = {"-o", "--option"}, paramLabel = "key=value",
            description = "Destination option; secrets as $${env:NAME} or $${file:/path}")
    Map<String, String> options = new LinkedHashMap<>();

    /** @return the destination, its secret references resolved (close it) */
    Destination open() {
        return Destinations.of(uri, new SecretReferences(System::getenv).resolveAll(options,
                ProviderRegistry.instance().destinationOptions(uri)));
    }
}
