package org.datasetexport.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves {@code ${env:NAME}} and {@code ${file:/path}} in option values and refuses secrets
 * written literally: an option whose name says secret, password, passphrase, token, account key,
 * private key or SAS must be a reference, so the secret stays out of the shell history, the
 * process list and CI logs. Error messages name the option and the reference, never a value.
 */
final class SecretReferences {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{(env|file):([^}]+)}");
    private static final Pattern SECRET_NAME = Pattern.compile(".*(secret|password|passphrase|token|accountkey|privatekey|sas).*");

    /** A reference that cannot be resolved, or a literal secret: a usage error. */
    static final class SecretException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SecretException(String message) {
            super(message);
        }
    }

    private final Function<String, String> environment;

    SecretReferences(Function<String, String> environment) {
        this.environment = environment;
    }

    static boolean isSecretName(String name) {
        return SECRET_NAME.matcher(name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "")).matches();
    }

    /**
     * @param name the option's name, for messages and the secret rule
     * @param value as given: literal, or with references
     * @return the value with its references resolved
     * @throws SecretException when a secret is literal or a reference cannot be resolved
     */
    String resolve(String name, String value) {
        return resolve("option " + name, name, value);
    }

    /**
     * @param where what the value is, for messages ({@code option password}, {@code flows.a.folder})
     * @param key the key or option name, for the secret rule
     * @param value as given: literal, or with references
     * @return the value with its references resolved
     * @throws SecretException when a secret is literal or a reference cannot be resolved
     */
    String resolve(String where, String key, String value) {
        Matcher m = REFERENCE.matcher(value);
        if (isSecretName(key) && !(m.matches())) {
            throw new SecretException(where + " is a secret: pass it as ${env:NAME} or ${file:/path}, "
                    + "not literally (it would stay in the shell history, the process list or the file)");
        }
        m.reset();
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(lookup(where, m.group(1), m.group(2))));
        }
        m.appendTail(out);
        return out.toString();
    }

    Map<String, String> resolveAll(Map<String, String> options) {
        Map<String, String> out = new LinkedHashMap<>();
        options.forEach((k, v) -> out.put(k, resolve(k, v)));
        return out;
    }

    private String lookup(String where, String kind, String ref) {
        if (kind.equals("env")) {
            String v = environment.apply(ref);
            if (v == null) {
                throw new SecretException(where + ": environment variable " + ref + " is not set");
            }
            return v;
        }
        try {
            return Files.readString(Path.of(ref), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new SecretException(where + ": cannot read " + ref + " (" + e.getClass().getSimpleName() + ")");
        }
    }
}
