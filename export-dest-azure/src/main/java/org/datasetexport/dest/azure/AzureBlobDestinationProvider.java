package org.datasetexport.dest.azure;

import java.net.URI;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.datasetexport.ConfigurationException;
import org.datasetexport.spi.Destination;
import org.datasetexport.spi.DestinationProvider;
import org.datasetexport.spi.OptionSpec;
import org.datasetexport.spi.OptionValues;
import org.datasetexport.spi.UriRedaction;

/**
 * {@code wasbs://container@account/prefix} (also {@code wasbs://container@account.blob.core.windows.net/prefix})
 * with option keys {@code connectionString}, {@code accountKey}, {@code sasToken}, {@code endpoint},
 * {@code blockSize}, {@code blocksInFlight}, {@code accessTier}, {@code maxTries}, {@code id}.
 * Exactly one of {@code connectionString}, {@code accountKey}, {@code sasToken} is required.
 */
public final class AzureBlobDestinationProvider implements DestinationProvider {
    /** The options {@link #create} accepts, declared for front ends (secrets, paths, forms). */
    static final List<OptionSpec> OPTIONS = List.of(
            OptionSpec.of("connectionString", OptionSpec.Kind.SECRET, false, null, "a storage connection string (it holds the account key)"),
            OptionSpec.of("accountKey", OptionSpec.Kind.SECRET, false, null, "the storage account key"),
            OptionSpec.of("sasToken", OptionSpec.Kind.SECRET, false, null, "a SAS token"),
            OptionSpec.of("endpoint", OptionSpec.Kind.URL, false, null, "the blob endpoint instead of Azure's"),
            OptionSpec.of("blockSize", OptionSpec.Kind.SIZE, false, null, "bytes per staged block"),
            OptionSpec.of("blocksInFlight", OptionSpec.Kind.INTEGER, false, null, "blocks uploaded at once per file"),
            OptionSpec.of("accessTier", OptionSpec.Kind.TEXT, false, null, "the blobs' access tier: Hot, Cool, Cold or Archive"),
            OptionSpec.of("maxTries", OptionSpec.Kind.INTEGER, false, null, "tries per request"),
            OptionSpec.of("tryTimeout", OptionSpec.Kind.DURATION, false, null, "timeout of one try"),
            OptionSpec.of("id", OptionSpec.Kind.TEXT, false, null, "the destination id in manifest names and messages"));
    private static final Set<String> KEYS = OptionSpec.names(OPTIONS);

    /** Needed by {@link java.util.ServiceLoader}. */
    public AzureBlobDestinationProvider() {
    }

    @Override
    public Set<String> schemes() {
        return Set.of("wasbs");
    }

    @Override
    public List<OptionSpec> options() {
        return OPTIONS;
    }

    @Override
    public Destination create(URI uri, Map<String, String> options) {
        OptionValues.requireKnownKeys(options, KEYS, "a wasbs: destination");
        String container = uri.getUserInfo();
        String host = uri.getHost();
        ConfigurationException.check(container != null && host != null,
                "wasbs: URI \"%s\" must be wasbs://container@account/prefix", UriRedaction.redact(uri));
        ConfigurationException.check(!container.contains(":"), "wasbs: URIs carry no credentials; pass connectionString, accountKey "
                + "or sasToken as options");
        String account = host.toLowerCase(Locale.ROOT).endsWith(".blob.core.windows.net") ? host.substring(0, host.indexOf('.')) : host;
        AzureBlobDestination.Builder b = AzureBlobDestination.builder().account(account).container(container)
                .prefix(uri.getPath() == null ? "" : uri.getPath());
        int kinds = (options.containsKey("connectionString") ? 1 : 0) + (options.containsKey("accountKey") ? 1 : 0)
                + (options.containsKey("sasToken") ? 1 : 0);
        ConfigurationException.check(kinds == 1, "a wasbs: destination needs exactly one of connectionString, accountKey, sasToken "
                + "(or build AzureBlobDestination with AzureCredentials.token(...) for Microsoft Entra ID)");
        if (options.containsKey("connectionString")) {
            b.credentials(AzureCredentials.connectionString(options.get("connectionString")));
        } else if (options.containsKey("accountKey")) {
            b.credentials(AzureCredentials.accountKey(account, options.get("accountKey")));
        } else {
            b.credentials(AzureCredentials.sasToken(options.get("sasToken")));
        }
        if (options.containsKey("endpoint")) {
            b.endpoint(options.get("endpoint"));
        }
        if (options.containsKey("blockSize")) {
            b.blockSize(OptionValues.size("blockSize", options.get("blockSize")));
        }
        if (options.containsKey("blocksInFlight")) {
            b.blocksInFlight(OptionValues.integer("blocksInFlight", options.get("blocksInFlight")));
        }
        if (options.containsKey("accessTier")) {
            b.accessTier(options.get("accessTier"));
        }
        if (options.containsKey("tryTimeout")) {
            b.tryTimeout(OptionValues.duration("tryTimeout", options.get("tryTimeout")));
        }
        if (options.containsKey("maxTries")) {
            b.maxTries(OptionValues.integer("maxTries", options.get("maxTries")));
        }
        if (options.containsKey("id")) {
            b.id(options.get("id"));
        }
        return b.build();
    }
}
