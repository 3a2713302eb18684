package org.datasetexport.dest.adls;

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
 * {@code abfss://filesystem@account.dfs.core.windows.net/path} (or {@code abfss://filesystem@account/path})
 * with option keys {@code tenantId}, {@code clientId}, {@code clientSecret} (service principal),
 * {@code accountKey}, {@code sasToken}, {@code endpoint}, {@code authorityHost}, {@code chunkSize},
 * {@code maxTries}, {@code id}. Exactly one credential kind is required.
 */
public final class AdlsDestinationProvider implements DestinationProvider {
    /** The options {@link #create} accepts, declared for front ends (secrets, paths, forms). */
    static final List<OptionSpec> OPTIONS = List.of(
            OptionSpec.of("tenantId", OptionSpec.Kind.TEXT, false, null, "the Entra ID tenant of a service principal"),
            OptionSpec.of("clientId", OptionSpec.Kind.TEXT, false, null, "the service principal's application id"),
            OptionSpec.of("clientSecret", OptionSpec.Kind.SECRET, false, null, "the service principal's secret"),
            OptionSpec.of("accountKey", OptionSpec.Kind.SECRET, false, null, "the storage account key"),
            OptionSpec.of("sasToken", OptionSpec.Kind.SECRET, false, null, "a SAS token"),
            OptionSpec.of("endpoint", OptionSpec.Kind.URL, false, null, "the DFS endpoint instead of Azure's"),
            OptionSpec.of("authorityHost", OptionSpec.Kind.URL, false, null, "the Entra ID authority host"),
            OptionSpec.of("chunkSize", OptionSpec.Kind.SIZE, false, null, "bytes per appended chunk"),
            OptionSpec.of("maxTries", OptionSpec.Kind.INTEGER, false, null, "tries per request"),
            OptionSpec.of("tryTimeout", OptionSpec.Kind.DURATION, false, null, "timeout of one try"),
            OptionSpec.of("id", OptionSpec.Kind.TEXT, false, null, "the destination id in manifest names and messages"));
    private static final Set<String> KEYS = OptionSpec.names(OPTIONS);

    /** Needed by {@link java.util.ServiceLoader}. */
    public AdlsDestinationProvider() {
    }

    @Override
    public Set<String> schemes() {
        return Set.of("abfss");
    }

    @Override
    public List<OptionSpec> options() {
        return OPTIONS;
    }

    @Override
    public Destination create(URI uri, Map<String, String> options) {
        OptionValues.requireKnownKeys(options, KEYS, "an abfss: destination");
        String fileSystem = uri.getUserInfo();
        String host = uri.getHost();
        ConfigurationException.check(fileSystem != null && host != null,
                "abfss: URI \"%s\" must be abfss://filesystem@account.dfs.core.windows.net/path", UriRedaction.redact(uri));
        ConfigurationException.check(!fileSystem.contains(":"), "abfss: URIs carry no credentials; pass accountKey, sasToken or "
                + "tenantId+clientId+clientSecret as options");
        String account = host.toLowerCase(Locale.ROOT).contains(".") ? host.substring(0, host.indexOf('.')) : host;
        AdlsDestination.Builder b = AdlsDestination.builder().account(account).fileSystem(fileSystem)
                .path(uri.getPath() == null ? "" : uri.getPath());
        boolean principal = options.containsKey("tenantId") || options.containsKey("clientId") || options.containsKey("clientSecret");
        int kinds = (principal ? 1 : 0) + (options.containsKey("accountKey") ? 1 : 0) + (options.containsKey("sasToken") ? 1 : 0);
        ConfigurationException.check(kinds == 1, "an abfss: destination needs exactly one of tenantId+clientId+clientSecret, "
                + "accountKey, sasToken");
        if (principal) {
            ConfigurationException.check(options.containsKey("tenantId") && options.containsKey("clientId") && options.containsKey("clientSecret"),
                    "a service principal needs tenantId, clientId and clientSecret");
            b.credentials(AdlsCredentials.servicePrincipal(options.get("tenantId"), options.get("clientId"), options.get("clientSecret"),
                    options.get("authorityHost")));
        } else if (options.containsKey("accountKey")) {
            b.credentials(AdlsCredentials.accountKey(options.get("accountKey")));
        } else {
            b.credentials(AdlsCredentials.sasToken(options.get("sasToken")));
        }
        if (options.containsKey("endpoint")) {
            b.endpoint(options.get("endpoint"));
        }
        if (options.containsKey("chunkSize")) {
            b.chunkSize(OptionValues.size("chunkSize", options.get("chunkSize")));
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
