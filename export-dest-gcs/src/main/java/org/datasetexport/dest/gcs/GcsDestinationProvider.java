package org.datasetexport.dest.gcs;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.datasetexport.ConfigurationException;
import org.datasetexport.spi.Destination;
import org.datasetexport.spi.DestinationProvider;
import org.datasetexport.spi.OptionSpec;
import org.datasetexport.spi.OptionValues;

/**
 * {@code gs://bucket/prefix} with option keys {@code projectId}, {@code credentialsFile},
 * {@code credentialsJson}, {@code hmacAccessKeyId}, {@code hmacSecret}, {@code endpoint},
 * {@code chunkSize}, {@code storageClass}, {@code kmsKeyName}, {@code maxAttempts}, {@code readTimeout},
 * {@code totalTimeout}, {@code id}.
 * Without credential options, Application Default Credentials are used.
 */
public final class GcsDestinationProvider implements DestinationProvider {
    /** The options {@link #create} accepts, declared for front ends (secrets, paths, forms). */
    static final List<OptionSpec> OPTIONS = List.of(
            OptionSpec.of("projectId", OptionSpec.Kind.TEXT, false, null, "the Google Cloud project"),
            OptionSpec.of("credentialsFile", OptionSpec.Kind.PATH, false, null, "a service-account key file"),
            OptionSpec.of("credentialsJson", OptionSpec.Kind.SECRET, false, null, "a service-account key as JSON text"),
            OptionSpec.of("hmacAccessKeyId", OptionSpec.Kind.TEXT, false, null, "an HMAC key id (XML API, with hmacSecret)"),
            OptionSpec.of("hmacSecret", OptionSpec.Kind.SECRET, false, null, "the secret of hmacAccessKeyId"),
            OptionSpec.of("endpoint", OptionSpec.Kind.URL, false, null, "an endpoint instead of Google's"),
            OptionSpec.of("chunkSize", OptionSpec.Kind.SIZE, false, null, "bytes per uploaded chunk"),
            OptionSpec.of("storageClass", OptionSpec.Kind.TEXT, false, null, "the objects' storage class"),
            OptionSpec.of("kmsKeyName", OptionSpec.Kind.TEXT, false, null, "a Cloud KMS key for the objects"),
            OptionSpec.of("maxAttempts", OptionSpec.Kind.INTEGER, false, null, "attempts per request"),
            OptionSpec.of("readTimeout", OptionSpec.Kind.DURATION, false, null, "timeout of one read"),
            OptionSpec.of("totalTimeout", OptionSpec.Kind.DURATION, false, null, "timeout of a request with its retries"),
            OptionSpec.of("id", OptionSpec.Kind.TEXT, false, null, "the destination id in manifest names and messages"));
    private static final Set<String> KEYS = OptionSpec.names(OPTIONS);

    /** Needed by {@link java.util.ServiceLoader}. */
    public GcsDestinationProvider() {
    }

    @Override
    public Set<String> schemes() {
        return Set.of("gs");
    }

    @Override
    public List<OptionSpec> options() {
        return OPTIONS;
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
