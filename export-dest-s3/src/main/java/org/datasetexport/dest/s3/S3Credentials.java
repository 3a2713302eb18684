package org.datasetexport.dest.s3;

import java.net.URI;
import org.datasetexport.ConfigurationException;
import org.datasetexport.dest.s3.internal.QuietSigV4AuthScheme;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * How an {@link S3Destination} authenticates: an access key pair (optionally with a session
 * token), an assumed role (STS AssumeRole with role ARN, external id and session name, refreshed
 * automatically before the temporary credentials expire), or the SDK's default credential chain.
 * Immutable; {@code toString()} shows the access key id at most, never a secret.
 */
public final class S3Credentials {
    private enum Kind { STATIC, ASSUME_ROLE, DEFAULT_CHAIN }

    private final Kind kind;
    private final String accessKeyId;
    private final String secretAccessKey;
    private final String sessionToken;
    private final String roleArn;
    private final String externalId;
    private final String sessionName;
    private final S3Credentials base;

    private S3Credentials(Kind kind, String accessKeyId, String secretAccessKey, String sessionToken, String roleArn,
                          String externalId, String sessionName, S3Credentials base) {
        this.kind = kind;
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
        this.sessionToken = sessionToken;
        this.roleArn = roleArn;
        this.externalId = externalId;
        this.sessionName = sessionName;
        this.base = base;
    }

    /**
     * @param accessKeyId the access key id
     * @param secretAccessKey the secret access key
     * @return static credentials
     */
    public static S3Credentials accessKey(String accessKeyId, String secretAccessKey) {
        return new S3Credentials(Kind.STATIC, ConfigurationException.requireNonNull(accessKeyId, "accessKeyId"),
                ConfigurationException.requireNonNull(secretAccessKey, "secretAccessKey"), null, null, null, null, null);
    }

    /**
     * @param accessKeyId the temporary access key id
     * @param secretAccessKey the temporary secret
     * @param sessionToken the session token
     * @return static temporary credentials
     */
    public static S3Credentials session(String accessKeyId, String secretAccessKey, String sessionToken) {
        return new S3Credentials(Kind.STATIC, ConfigurationException.requireNonNull(accessKeyId, "accessKeyId"),
                ConfigurationException.requireNonNull(secretAccessKey, "secretAccessKey"),
                ConfigurationException.requireNonNull(sessionToken, "sessionToken"), null, null, null, null);
    }

    /**
     * The platform's "assumed role": AssumeRole through STS, refreshed automatically.
     *
     * @param roleArn the role to assume ({@code arn:aws:iam::123456789012:role/exports})
     * @param externalId the external id the role's trust policy requires, or null
     * @param sessionName the role session name, or null for {@code datasetexport}
     * @param base the credentials that assume the role, or null for the default chain
     * @return role credentials
     */
    public static S3Credentials assumeRole(String roleArn, String externalId, String sessionName, S3Credentials base) {
        ConfigurationException.requireNonNull(roleArn, "roleArn");
        ConfigurationException.check(roleArn.startsWith("arn:"), "roleArn must be an ARN (arn:aws:iam::…:role/…), got \"%s\"", roleArn);
        return new S3Credentials(Kind.ASSUME_ROLE, null, null, null, roleArn, externalId,
                sessionName != null ? sessionName : "datasetexport", base != null ? base : defaultChain());
    }

    /** @return the SDK's default chain (environment, system properties, profile, container, instance role) */
    public static S3Credentials defaultChain() {
        return new S3Credentials(Kind.DEFAULT_CHAIN, null, null, null, null, null, null, null);
    }

    /**
     * @param region the region STS is called in
     * @param stsEndpoint an STS endpoint override, or null
     * @param http the HTTP client STS is called with (the destination's, which logs no credential)
     * @return an SDK credentials provider (for assume-role, one that refreshes; close it with the client)
     */
    AwsCredentialsProvider toProvider(Region region, URI stsEndpoint, SdkHttpClient http) {
        switch (kind) {
            case STATIC:
                return StaticCredentialsProvider.create(sessionToken == null
                        ? AwsBasicCredentials.create(accessKeyId, secretAccessKey)
                        : AwsSessionCredentials.create(accessKeyId, secretAccessKey, sessionToken));
            case ASSUME_ROLE: {
                StsClientBuilder sts = StsClient.builder().region(region).httpClient(http)
                        .putAuthScheme(new QuietSigV4AuthScheme()).credentialsProvider(base.toProvider(region, stsEndpoint, http));
                if (stsEndpoint != null) {
                    sts.endpointOverride(stsEndpoint);
                }
                return StsAssumeRoleCredentialsProvider.builder()
                        .stsClient(sts.build())
                        .refreshRequest(r -> {
                            r.roleArn(roleArn).roleSessionName(sessionName);
                            if (externalId != null) {
                                r.externalId(externalId);
                            }
                        })
                        .asyncCredentialUpdateEnabled(false)
                        .build();
            }
            default:
                return DefaultCredentialsProvider.builder().build();
        }
    }

    @Override
    public String toString() {
        switch (kind) {
            case STATIC:
                return "S3Credentials[accessKey " + accessKeyId + (sessionToken != null ? ", session" : "") + "]";
            case ASSUME_ROLE:
                return "S3Credentials[assumeRole " + roleArn + ", session " + sessionName
                        + (externalId != null ? ", externalId set" : "") + ", as " + base + "]";
            default:
                return "S3Credentials[default chain]";
        }
    }
}
