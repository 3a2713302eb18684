package org.datasetexport.dest.adls;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.identity.ClientSecretCredentialBuilder;
import org.datasetexport.ConfigurationException;

/**
 * How an {@link AdlsDestination} authenticates: a service principal (tenant, client id, client
 * secret — the platform's method, through azure-identity's {@code ClientSecretCredential}), an
 * account key, a SAS token, or any azure-core {@code TokenCredential}. Immutable; {@code toString()}
 * shows the tenant and client id at most, never a secret or key.
 */
public final class AdlsCredentials {
    enum Kind { SERVICE_PRINCIPAL, ACCOUNT_KEY, SAS_TOKEN, TOKEN_CREDENTIAL }

    private final Kind kind;
    private final String tenantId;
    private final String clientId;
    private final String secret;
    private final String authorityHost;
    private final TokenCredential tokenCredential;

    private AdlsCredentials(Kind kind, String tenantId, String clientId, String secret, String authorityHost,
                            TokenCredential tokenCredential) {
        this.kind = kind;
        this.tenantId = tenantId;
        this.clientId = clientId;
        this.secret = secret;
        this.authorityHost = authorityHost;
        this.tokenCredential = tokenCredential;
    }

    /**
     * @param tenantId the Microsoft Entra tenant
     * @param clientId the application (client) id
     * @param clientSecret the client secret
     * @return service-principal credentials
     */
    public static AdlsCredentials servicePrincipal(String tenantId, String clientId, String clientSecret) {
        return servicePrincipal(tenantId, clientId, clientSecret, null);
    }

    /**
     * @param tenantId the Microsoft Entra tenant
     * @param clientId the application (client) id
     * @param clientSecret the client secret
     * @param authorityHost the token authority (sovereign clouds, tests), or null for the public cloud
     * @return service-principal credentials
     */
    public static AdlsCredentials servicePrincipal(String tenantId, String clientId, String clientSecret, String authorityHost) {
        return new AdlsCredentials(Kind.SERVICE_PRINCIPAL, ConfigurationException.requireNonNull(tenantId, "tenantId"),
                ConfigurationException.requireNonNull(clientId, "clientId"), ConfigurationException.requireNonNull(clientSecret, "clientSecret"),
                authorityHost, null);
    }

    /**
     * @param accountKey the storage account key (the account comes from the destination)
     * @return shared-key credentials
     */
    public static AdlsCredentials accountKey(String accountKey) {
        return new AdlsCredentials(Kind.ACCOUNT_KEY, null, null, ConfigurationException.requireNonNull(accountKey, "accountKey"), null, null);
    }

    /**
     * @param sasToken a SAS token ({@code sv=…&sig=…})
     * @return SAS credentials
     */
    public static AdlsCredentials sasToken(String sasToken) {
        ConfigurationException.requireNonNull(sasToken, "sasToken");
        String token = sasToken.startsWith("?") ? sasToken.substring(1) : sasToken;
        ConfigurationException.check(token.contains("sig="), "sasToken has no signature (sig=)");
        return new AdlsCredentials(Kind.SAS_TOKEN, null, null, token, null, null);
    }

    /**
     * @param credential any azure-core token credential
     * @return token credentials
     */
    public static AdlsCredentials token(TokenCredential credential) {
        return new AdlsCredentials(Kind.TOKEN_CREDENTIAL, null, null, null, null, ConfigurationException.requireNonNull(credential, "credential"));
    }

    Kind kind() {
        return kind;
    }

    String secret() {
        return secret;
    }

    /**
     * @param http the HTTP client a service principal's token requests go through
     * @return the token credential for service principals and token credentials
     */
    TokenCredential tokenCredential(HttpClient http) {
        if (kind == Kind.TOKEN_CREDENTIAL) {
            return tokenCredential;
        }
        ClientSecretCredentialBuilder b = new ClientSecretCredentialBuilder().tenantId(tenantId).clientId(clientId).clientSecret(secret)
                .httpClient(http);
        if (authorityHost != null) {
            b.authorityHost(authorityHost).disableInstanceDiscovery();
        }
        return b.build();
    }

    @Override
    public String toString() {
        return switch (kind) {
            case SERVICE_PRINCIPAL -> "AdlsCredentials[service principal " + clientId + " in tenant " + tenantId + "]";
            case ACCOUNT_KEY -> "AdlsCredentials[account key]";
            case SAS_TOKEN -> "AdlsCredentials[SAS token]";
            case TOKEN_CREDENTIAL -> "AdlsCredentials[token credential " + tokenCredential.getClass().getSimpleName() + "]";
        };
    }
}
