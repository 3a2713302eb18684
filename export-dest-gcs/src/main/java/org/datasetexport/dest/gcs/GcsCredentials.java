package org.datasetexport.dest.gcs;

import com.google.auth.Credentials;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.NoCredentials;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.datasetexport.ConfigurationException;

/**
 * How a {@link GcsDestination} authenticates: a service-account JSON key (text or file),
 * Application Default Credentials, or an HMAC key (access key id + secret, the platform's method),
 * which only GCS's S3-compatible XML API accepts. Immutable; {@code toString()} shows the service
 * account's client email or the HMAC access key id at most, never a private key or secret.
 */
public final class GcsCredentials {
    enum Kind { SERVICE_ACCOUNT, APPLICATION_DEFAULT, HMAC, NONE }

    private final Kind kind;
    private final String json;
    private final String accessKeyId;
    private final String secret;

    private GcsCredentials(Kind kind, String json, String accessKeyId, String secret) {
        this.kind = kind;
        this.json = json;
        this.accessKeyId = accessKeyId;
        this.secret = secret;
    }

    /**
     * @param json a service-account key file's content
     * @return service-account credentials
     */
    public static GcsCredentials serviceAccountJson(String json) {
        ConfigurationException.requireNonNull(json, "credentialsJson");
        ConfigurationException.check(json.contains("\"type\""), "credentialsJson is not a service-account key (no \"type\" field)");
        return new GcsCredentials(Kind.SERVICE_ACCOUNT, json, null, null);
    }

    /**
     * @param file a service-account key file
     * @return service-account credentials
     */
    public static GcsCredentials serviceAccountFile(Path file) {
        ConfigurationException.requireNonNull(file, "credentialsFile");
        try {
            return serviceAccountJson(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ConfigurationException("cannot read the credentials file " + file + ": " + e.getMessage(), e);
        }
    }

    /** @return Application Default Credentials (environment, gcloud, metadata server) */
    public static GcsCredentials applicationDefault() {
        return new GcsCredentials(Kind.APPLICATION_DEFAULT, null, null, null);
    }

    /**
     * @param accessKeyId the HMAC access key id ({@code GOOG…})
     * @param secret the HMAC secret
     * @return HMAC credentials (used through the XML API)
     */
    public static GcsCredentials hmac(String accessKeyId, String secret) {
        return new GcsCredentials(Kind.HMAC, null, ConfigurationException.requireNonNull(accessKeyId, "hmacAccessKeyId"),
                ConfigurationException.requireNonNull(secret, "hmacSecret"));
    }

    /** @return no credentials at all: for emulators and tests */
    public static GcsCredentials none() {
        return new GcsCredentials(Kind.NONE, null, null, null);
    }

    Kind kind() {
        return kind;
    }

    String accessKeyId() {
        return accessKeyId;
    }

    String secret() {
        return secret;
    }

    Credentials toGoogleCredentials() {
        try {
            return switch (kind) {
                case SERVICE_ACCOUNT -> GoogleCredentials.fromStream(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)))
                        .createScoped("https://www.googleapis.com/auth/devstorage.read_write");
                case APPLICATION_DEFAULT -> GoogleCredentials.getApplicationDefault();
                case NONE -> NoCredentials.getInstance();
                case HMAC -> throw new IllegalStateException("HMAC keys go through the XML API");
            };
        } catch (IOException e) {
            throw new ConfigurationException("Google credentials could not be loaded: " + e.getMessage().replaceAll("-----BEGIN[^-]*-----.*", "…"), e);
        }
    }

    @Override
    public String toString() {
        return switch (kind) {
            case SERVICE_ACCOUNT -> "GcsCredentials[service account " + json.replaceAll("(?s).*\"client_email\"\\s*:\\s*\"([^\"]+)\".*", "$1")
                    .replaceAll("(?s)^\\{.*", "key") + "]";
            case APPLICATION_DEFAULT -> "GcsCredentials[application default]";
            case HMAC -> "GcsCredentials[HMAC " + accessKeyId + "]";
            case NONE -> "GcsCredentials[none]";
        };
    }
}
