package org.datasetexport.dest.azure;

import com.azure.core.credential.TokenCredential;
import org.datasetexport.ConfigurationException;

/**
 * How an {@link AzureBlobDestination} authenticates: a connection string (the platform's method),
 * an account name and key, a SAS token, or any {@code TokenCredential} (for example
 * azure-identity's {@code DefaultAzureCredential}, which the app adds itself: this module does not
 * depend on azure-identity). Immutable; {@code toString()} never shows a key, a connection string
 * or a SAS signature.
 */
public final class AzureCredentials {
    enum Kind { CONNECTION_STRING, ACCOUNT_KEY, SAS_TOKEN, TOKEN_CREDENTIAL }

    private final Kind kind;
    private final String secret;
    private final String accountName;
    private final TokenCredential tokenCredential;

    private AzureCredentials(Kind kind, String secret, String accountName, TokenCredential tokenCredential) {
        this.kind = kind;
        this.secret = secret;
        this.accountName = accountName;
        this.tokenCredential = tokenCredential;
    }

    /**
     * @param connectionString {@code DefaultEndpointsProtocol=…;AccountName=…;AccountKey=…;…}
     * @return connection-string credentials
     */
    public static AzureCredentials connectionString(String connectionString) {
        ConfigurationException.requireNonNull(connectionString, "connectionString");
        ConfigurationException.check(connectionString.contains("AccountName=") || connectionString.contains("SharedAccessSignature="),
                "connectionString does not look like an Azure Storage connection string (no AccountName= or SharedAccessSignature=)");
        return new AzureCredentials(Kind.CONNECTION_STRING, connectionString, null, null);
    }

    /**
     * @param accountName the storage account
     * @param accountKey its key (base64)
     * @return shared-key credentials
     */
    public static AzureCredentials accountKey(String accountName, String accountKey) {
        return new AzureCredentials(Kind.ACCOUNT_KEY, ConfigurationException.requireNonNull(accountKey, "accountKey"),
                ConfigurationException.requireNonNull(accountName, "accountName"), null);
    }

    /**
     * @param sasToken a SAS token ({@code sv=…&sig=…}, with or without the leading {@code ?})
     * @return SAS credentials
     */
    public static AzureCredentials sasToken(String sasToken) {
        ConfigurationException.requireNonNull(sasToken, "sasToken");
        String token = sasToken.startsWith("?") ? sasToken.substring(1) : sasToken;
        ConfigurationException.check(token.contains("sig="), "sasToken has no signature (sig=)");
        return new AzureCredentials(Kind.SAS_TOKEN, token, null, null);
    }

    /**
     * @param credential any azure-core token credential (Microsoft Entra ID)
     * @return token credentials
     */
    public static AzureCredentials token(TokenCredential credential) {
        return new AzureCredentials(Kind.TOKEN_CREDENTIAL, null, null, ConfigurationException.requireNonNull(credential, "credential"));
    }

    Kind kind() {
        return kind;
    }

    String secret() {
        return secret;
    }

    String accountName() {
        return accountName;
    }

    TokenCredential tokenCredential() {
        return tokenCredential;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case CONNECTION_STRING -> "AzureCredentials[connection string]";
            case ACCOUNT_KEY -> "AzureCredentials[account key of " + accountName + "]";
            case SAS_TOKEN -> "AzureCredentials[SAS token]";
            case TOKEN_CREDENTIAL -> "AzureCredentials[token credential " + tokenCredential.getClass().getSimpleName() + "]";
        };
    }
}
