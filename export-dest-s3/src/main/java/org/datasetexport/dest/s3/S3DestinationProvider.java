package org.datasetexport.dest.s3;

import java.net.URI;
import java.net.URISyntaxException;
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
 * {@code s3://bucket/prefix} with the option keys of the README's table: {@code region},
 * {@code endpoint}, {@code pathStyle}, {@code accessKeyId}, {@code secretAccessKey},
 * {@code sessionToken}, {@code roleArn}, {@code externalId}, {@code roleSessionName},
 * {@code stsEndpoint}, {@code sse} ({@code AES256} or {@code aws:kms}), {@code kmsKeyId},
 * {@code storageClass}, {@code partSize}, {@code partsInFlight}, {@code maxAttempts}, {@code apiCallAttemptTimeout},
 * {@code apiCallTimeout}, {@code compatibility} ({@code aws}, {@code plain} or {@code gcs}, see
 * {@link S3Compatibility}), {@code id}.
 * The only place options become an {@link S3Destination.Builder}.
 */
public final class S3DestinationProvider implements DestinationProvider {
    /** The options {@link #create} accepts, declared for front ends (secrets, paths, forms). */
    static final List<OptionSpec> OPTIONS = List.of(
            OptionSpec.of("region", OptionSpec.Kind.TEXT, false, null, "the bucket's region, e.g. eu-west-1 (default: the SDK's region chain)"),
            OptionSpec.of("endpoint", OptionSpec.Kind.URL, false, null, "an S3-compatible endpoint instead of AWS"),
            OptionSpec.of("pathStyle", OptionSpec.Kind.FLAG, false, null, "path-style requests (bucket in the path), for S3-compatible stores"),
            OptionSpec.of("accessKeyId", OptionSpec.Kind.TEXT, false, null, "access key id (with secretAccessKey); default: the SDK's credential chain"),
            OptionSpec.of("secretAccessKey", OptionSpec.Kind.SECRET, false, null, "the secret of accessKeyId"),
            OptionSpec.of("sessionToken", OptionSpec.Kind.SECRET, false, null, "a session token of temporary credentials"),
            OptionSpec.of("roleArn", OptionSpec.Kind.TEXT, false, null, "a role to assume with STS"),
            OptionSpec.of("externalId", OptionSpec.Kind.TEXT, false, null, "the external id the role requires"),
            OptionSpec.of("roleSessionName", OptionSpec.Kind.TEXT, false, null, "the session name of the assumed role"),
            OptionSpec.of("stsEndpoint", OptionSpec.Kind.URL, false, null, "an STS endpoint instead of AWS's"),
            OptionSpec.of("sse", OptionSpec.Kind.TEXT, false, null, "server-side encryption: AES256 or aws:kms"),
            OptionSpec.of("kmsKeyId", OptionSpec.Kind.TEXT, false, null, "the KMS key of sse=aws:kms"),
            OptionSpec.of("storageClass", OptionSpec.Kind.TEXT, false, null, "the objects' storage class, e.g. STANDARD_IA"),
            OptionSpec.of("partSize", OptionSpec.Kind.SIZE, false, null, "bytes per uploaded part (default 8MiB)"),
            OptionSpec.of("partsInFlight", OptionSpec.Kind.INTEGER, false, null, "parts uploaded at once per file"),
            OptionSpec.of("maxAttempts", OptionSpec.Kind.INTEGER, false, null, "attempts per request"),
            OptionSpec.of("apiCallAttemptTimeout", OptionSpec.Kind.DURATION, false, null, "timeout of one attempt of a request"),
            OptionSpec.of("apiCallTimeout", OptionSpec.Kind.DURATION, false, null, "timeout of a request with its retries"),
            OptionSpec.of("compatibility", OptionSpec.Kind.TEXT, false, null, "aws, plain or gcs (what the store supports of S3)"),
            OptionSpec.of("id", OptionSpec.Kind.TEXT, false, null, "the destination id in manifest names and messages"));
    private static final Set<String> KEYS = OptionSpec.names(OPTIONS);

    /** Needed by {@link java.util.ServiceLoader}. */
    public S3DestinationProvider() {
    }

    private static URI uriOption(String key, String value) {
        try {
            URI uri = new URI(value);
            ConfigurationException.check(uri.getScheme() != null && uri.getHost() != null,
                    "option \"%s\": \"%s\" is not an http(s) URL", key, value);
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigurationException("option \"" + key + "\": \"" + value + "\" is not a URL", e);
        }
    }

    @Override
    public Set<String> schemes() {
        return Set.of("s3");
    }

    @Override
    public List<OptionSpec> options() {
        return OPTIONS;
    }

    @Override
    public Destination create(URI uri, Map<String, String> options) {
        OptionValues.requireKnownKeys(options, KEYS, "an s3: destination");
        // any '@' means user info, possibly a password whose '/' or '@' moved the parse: never guess a bucket from it
        ConfigurationException.check(!uri.getRawSchemeSpecificPart().contains("@"),
                "s3: URIs carry no credentials (no '@'); pass accessKeyId/secretAccessKey as options, and a prefix "
                        + "with '@' in it to S3Destination.builder().prefix(...)");
        ConfigurationException.check(uri.getHost() != null, "s3: URI \"%s\" names no bucket; use s3://bucket/prefix", UriRedaction.redact(uri));
        S3Destination.Builder b = S3Destination.builder().bucket(uri.getHost()).prefix(uri.getPath() == null ? "" : uri.getPath());
        if (options.containsKey("region")) {
            b.region(options.get("region"));
        }
        if (options.containsKey("endpoint")) {
            b.endpointOverride(uriOption("endpoint", options.get("endpoint")));
        }
        if (options.containsKey("pathStyle")) {
            b.forcePathStyle(OptionValues.bool("pathStyle", options.get("pathStyle")));
        }
        S3Credentials base = null;
        if (options.containsKey("accessKeyId") || options.containsKey("secretAccessKey")) {
            ConfigurationException.check(options.containsKey("accessKeyId") && options.containsKey("secretAccessKey"),
                    "s3: options accessKeyId and secretAccessKey go together");
            base = options.containsKey("sessionToken")
                    ? S3Credentials.session(options.get("accessKeyId"), options.get("secretAccessKey"), options.get("sessionToken"))
                    : S3Credentials.accessKey(options.get("accessKeyId"), options.get("secretAccessKey"));
        }
        if (options.containsKey("roleArn")) {
            b.credentials(S3Credentials.assumeRole(options.get("roleArn"), options.get("externalId"),
                    options.get("roleSessionName"), base));
        } else if (base != null) {
            b.credentials(base);
        }
        if (options.containsKey("stsEndpoint")) {
            b.stsEndpoint(uriOption("stsEndpoint", options.get("stsEndpoint")));
        }
        if (options.containsKey("sse")) {
            String sse = options.get("sse");
            if ("AES256".equals(sse)) {
                b.serverSideEncryptionS3();
            } else if ("aws:kms".equals(sse)) {
                b.serverSideEncryptionKms(options.get("kmsKeyId"));
            } else {
                throw new ConfigurationException("option \"sse\" must be AES256 or aws:kms, got \"" + sse + "\"");
            }
        }
        if (options.containsKey("storageClass")) {
            b.storageClass(options.get("storageClass"));
        }
        if (options.containsKey("partSize")) {
            b.partSize(OptionValues.size("partSize", options.get("partSize")));
        }
        if (options.containsKey("partsInFlight")) {
            b.partsInFlight(OptionValues.integer("partsInFlight", options.get("partsInFlight")));
        }
        if (options.containsKey("apiCallAttemptTimeout")) {
            b.apiCallAttemptTimeout(OptionValues.duration("apiCallAttemptTimeout", options.get("apiCallAttemptTimeout")));
        }
        if (options.containsKey("apiCallTimeout")) {
            b.apiCallTimeout(OptionValues.duration("apiCallTimeout", options.get("apiCallTimeout")));
        }
        if (options.containsKey("maxAttempts")) {
            b.maxAttempts(OptionValues.integer("maxAttempts", options.get("maxAttempts")));
        }
        if (options.containsKey("compatibility")) {
            String value = options.get("compatibility");
            b.compatibility(switch (value) {
                case "aws" -> S3Compatibility.AWS;
                case "plain" -> S3Compatibility.PLAIN;
                case "gcs" -> S3Compatibility.GCS;
                default -> throw new ConfigurationException("option \"compatibility\" must be aws, plain or gcs, got \"" + value + "\"");
            });
        }
        if (options.containsKey("id")) {
            b.id(options.get("id"));
        }
        return b.build();
    }
}
