package org.datasetexport.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.datasetexport.ConfigurationException;
import picocli.CommandLine.Option;

/** {@code --config flows.yaml}, shared by {@code serve}, {@code flows} and {@code runs}. */
final class FlowsArgs {
    @Option(names = {"-c", "--config"}, required = true, paramLabel = "<flows.yaml>",
            description = "The YAML file of the state store, sources, datasets, connections and flows")
    Path config;

    /** Test seam: a file holding the current instant, read at every tick (see FileClock). */
    @Option(names = "--clock-file", hidden = true)
    Path clockFile;

    FlowsFile load() {
        ConfigurationException.check(Files.isRegularFile(config), "--config %s: no such file", config);
        return FlowsFile.load(config, new SecretReferences(System::getenv));
    }

    Clock clock() {
        return clockFile != null ? new FileClock(clockFile) : Clock.systemUTC();
    }
}
