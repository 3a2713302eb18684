package org.datasetexport.engine;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.datasetexport.ConfigurationException;
import org.datasetexport.spi.UriRedaction;
import org.datasetexport.ExportException;

/**
 * The registry's safety net around {@code DestinationProvider.create}: whatever a provider (ours or
 * a third party's) throws is checked for the secrets it was given — the URI's user info and query,
 * and the values of secret-looking option keys — in its message and in the messages of its causes.
 * A clean {@link ExportException} passes unchanged; anything else becomes a
 * {@link ConfigurationException} whose message has those secrets replaced by {@code …} and which
 * keeps its cause only when the whole chain is clean.
 */
final class SecretScrub {
    private static final String HIDDEN = "…";
    private static final List<String> SECRET_KEY_PARTS = List.of("secret", "password", "passphrase", "key", "token",
            "sas", "credential", "connectionstring", "sig");
    /** Shorter values would mask ordinary words in messages; no real credential is this short. */
    private static final int MIN_LENGTH = 4;

    private final List<String> secrets;

    private SecretScrub(List<String> secrets) {
        this.secrets = secrets;
    }

    static SecretScrub of(URI uri, Map<String, String> options) {
        return of(uri, options, List.of());
    }

    /**
     * @param declared what the provider declares of its options: its secret options are masked;
     *                 with no declaration, keys that look secret are
     */
    static SecretScrub of(URI uri, Map<String, String> options, List<org.datasetexport.spi.OptionSpec> declared) {
        List<String> secrets = new ArrayList<>();
        // user info is a secret when it holds a password (user:password); without one it is a user,
        // container or file-system name. A password with '/' or '@' can leave the URI without a parsed
        // user info, so the raw authority up to its last '@' is what counts.
        String authority = uri.getRawAuthority();
        int at = authority == null ? -1 : authority.lastIndexOf('@');
        if (at > 0 && authority.substring(0, at).contains(":")) {
            String userInfo = authority.substring(0, at);
            add(secrets, userInfo);
            add(secrets, userInfo.substring(userInfo.indexOf(':') + 1));
            add(secrets, UriRedaction.percentDecode(userInfo));
            add(secrets, UriRedaction.percentDecode(userInfo.substring(userInfo.indexOf(':') + 1)));
        }
        add(secrets, uri.getRawQuery());
        add(secrets, uri.getQuery());
        add(secrets, uri.getRawFragment());
        options.forEach((key, value) -> {
            String k = key.toLowerCase(Locale.ROOT);
            boolean secret = org.datasetexport.spi.OptionSpec.find(declared, key).map(org.datasetexport.spi.OptionSpec::secret)
                    .orElseGet(() -> SECRET_KEY_PARTS.stream().anyMatch(k::contains));
            if (secret) {
                add(secrets, value);
            }
        });
        // longest first, so a secret that contains another is masked whole
        secrets.sort((a, b) -> b.length() - a.length());
        return new SecretScrub(secrets);
    }

    private static void add(List<String> secrets, String value) {
        if (value != null && value.length() >= MIN_LENGTH) {
            secrets.add(value);
        }
    }

    /**
     * @param e what the provider threw
     * @param where what was being configured, already redacted
     * @return the exception to throw instead (possibly {@code e} itself)
     */
    RuntimeException clean(RuntimeException e, String where) {
        boolean chainClean = true;
        for (Throwable t = e; t != null; t = t.getCause()) {
            chainClean &= !containsSecret(t.getMessage());
        }
        if (chainClean && e instanceof ExportException) {
            return e;
        }
        String message = e instanceof ExportException ? scrub(e.getMessage())
                : where + " could not be configured: " + scrub(String.valueOf(e.getMessage()));
        return chainClean ? new ConfigurationException(message, e) : new ConfigurationException(message);
    }

    private boolean containsSecret(String message) {
        return message != null && secrets.stream().anyMatch(message::contains);
    }

    private String scrub(String message) {
        String result = message;
        for (String secret : secrets) {
            result = result.replace(secret, HIDDEN);
        }
        return result;
    }
}
