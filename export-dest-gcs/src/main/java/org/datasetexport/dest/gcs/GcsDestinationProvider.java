package org.datasetexport.dest.gcs;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.datasetexport.ConfigurationException;
import org.datasetexport.spi.Destination;
import org.datasetexport.spi.DestinationProvider;
import org.datasetexport.spi.OptionValues;

/**
 * {@code gs://bucket/prefix} with option keys {@code projectId}, {@code credentialsFile},
 * {@code credentialsJson}, {@code hmacAccessKeyId}, {@code hmacSecret}, {@code endpoint},
 * {@code chunkSize}, {@code storageClass}, {@code kmsKeyName}, {@code maxAttempts}, {@code readTimeout},
 * {@code totalTimeout}, {@code id}.
 * Without credential options, Application Default Credentials are used.
 */
public final class GcsDestinationProvider implements DestinationProvider {
    private static final Set<String> KEYS = Set.of("projectId", "credentialsFile", "credentialsJson", "hmacAccessKeyId",
            "hmacSecret", "endpoint", "chunkSize", "storageClass", "kmsKeyName", "maxAttempts", "readTimeout", "totalTimeout", "id");

    /** Needed by {@link java.util.ServiceLoader}. */
    public GcsDestinationProvider() {
    }

    @Override
    public Set<String> schemes() {
        return Set.of("gs");
    }

    @Override
    public Destination create(URI uri, Map<String, String> options) {
        OptionValues.requireKnownKeys(options, KEYS, "a gs: destination");
        ConfigurationException.check(uri.getHost() != null && !uri.getRawSchemeSpecificPart().contains("@"),
                "gs: URI must be gs://bucket/prefix (no credentials, no '@', in the URI)");
        GcsDestination.Builder b = GcsDestination.builder().bucket(uri.getHost()).prefix(uri.getPath() == null ? "" : uri.getPath());
        int kinds = (options.containsKey("credentialsFile") ? 1 : 0) + (options.containsKey("credentialsJson") ? 1 : 0)
                + (options.containsKey("hmacAccessKeyId") || options.containsKey("hmacSecret") ? 1 : 0);
        ConfigurationException.check(kinds <= 1, "a gs: destination takes at most one of credentialsFile, credentialsJson, "
                + "hmacAccessKeyId+hmacSecret");
        if (options.containsKey("credentialsFile")) {
            b.credentials(GcsCredentials.serviceAccountFile(Path.of(options.get("credentialsFile"))));
        } else if (options.containsKey("credentialsJson")) {
            b.credentials(GcsCredentials.serviceAccountJson(options.get("credentialsJson")));
        } else if (options.containsKey("hmacAccessKeyId") || options.containsKey("hmacSecret")) {
            ConfigurationException.check(options.containsKey("hmacAccessKeyId") && options.containsKey("hmacSecret"),
                    "gs: options hmacAccessKeyId and hmacSecret go together");
            b.credentials(GcsCredentials.hmac(options.get("hmacAccessKeyId"), options.get("hmacSecret")));
        }
        if (options.containsKey("projectId")) {
            b.projectId(options.get("projectId"));
        }
        if (options.containsKey("endpoint")) {
            b.endpoint(options.get("endpoint"));
        }
        if (options.containsKey("chunkSize")) {
            b.chunkSize(OptionValues.size("chunkSize", options.get("chunkSize")));
        }
        if (options.containsKey("storageClass")) {
            b.storageClass(options.get("storageClass"));
        }
        if (options.containsKey("kmsKeyName")) {
            b.kmsKeyName(options.get("kmsKeyName"));
        }
        if (options.containsKey("readTimeout")) {
            b.readTimeout(OptionValues.duration("readTimeout", options.get("readTimeout")));
        }
        if (options.containsKey("totalTimeout")) {
            b.totalTimeout(OptionValues.duration("totalTimeout", options.get("totalTimeout")));
        }
        if (options.containsKey("maxAttempts")) {
            b.maxAttempts(OptionValues.integer("maxAttempts", options.get("maxAttempts")));
        }
        if (options.containsKey("id")) {
            b.id(options.get("id"));
        }
        return b.build();
    }
}
