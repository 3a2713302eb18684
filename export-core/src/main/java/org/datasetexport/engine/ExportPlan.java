package org.datasetexport.engine;

import java.time.Clock;
import java.util.List;
import org.datasetexport.DestinationSpec;
import org.datasetexport.Encryption;
import org.datasetexport.ExportListener;
import org.datasetexport.ExportSettings;
import org.datasetexport.data.Dataset;
import org.datasetexport.policy.ExportPolicy;
import org.datasetexport.spi.Destination;
import org.datasetexport.spi.Format;

/**
 * What one run executes: the immutable {@link ExportSettings} plus the live objects they were
 * resolved to. Taken by a terminal operation, so nothing done to a builder afterwards changes a
 * running export.
 *
 * @param settings every persisted setting (folder, format name, compression, sizes, …)
 * @param dataset what to read
 * @param destination where to write
 * @param destinationSpec the URI and options the destination was built from, or null for one built in code
 * @param ownsDestination whether the run built the destination from a URI (and closes it)
 * @param format the format {@code settings.format()} resolved to
 * @param encryption the key {@code settings.encryption()} resolved to, or null
 * @param listeners listeners, in the order added
 * @param policy the export policy evaluated before the run, or null
 * @param clock the clock giving the scheduled time and cut-off
 * @param flowId the flow id written into the manifest
 */
public record ExportPlan(ExportSettings settings, Dataset dataset, Destination destination, DestinationSpec destinationSpec,
                         boolean ownsDestination,
                         Format format, Encryption encryption, List<ExportListener> listeners, ExportPolicy policy,
                         Clock clock, String flowId) {

    /**
     * Copies the listener list, checks the dataset id as a path segment, and refuses settings that name an encryption key no key was given
     * for: every path to a run (one-off, flow, restored flow, CLI, Spring, Spark) builds a plan, so
     * none can export plain text while its settings (and manifest) say the files are encrypted.
     */
    public ExportPlan {
        listeners = List.copyOf(listeners);
        // the dataset id becomes a folder name: checked for every dataset, built-in or the user's own
        org.datasetexport.spi.StoragePaths.requireValidSegment(dataset.id(), "dataset id");
        if (encryption == null && settings.encryption().isPresent()) {
            throw new org.datasetexport.ConfigurationException("the settings encrypt with the key \""
                    + settings.encryption().get() + "\" but no key was given: call encryption(Encryption.openPgp(publicKey)) "
                    + "on the export, or register the key under that name in the scheduler's encryptionKeys()");
        }
    }

    /**
     * @param replacement the dataset to read instead (a policy-transformed view)
     * @return a copy of this plan reading {@code replacement}
     */
    public ExportPlan withDataset(Dataset replacement) {
        return new ExportPlan(settings, replacement, destination, destinationSpec, ownsDestination, format, encryption, listeners, policy,
                clock, flowId);
    }
}
