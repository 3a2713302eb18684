package org.datasetexport.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.datasetexport.spi.OptionSpec;

/**
 * Resolves {@code ${env:NAME}} and {@code ${file:/path}} in secret options and refuses secrets
 * written literally, so a secret stays out of the shell history, the process list, CI logs and
 * YAML files. Which options are secrets is what their destination's provider declares
 * ({@link org.datasetexport.spi.DestinationProvider#options()}: {@code connectionString},
 * {@code credentialsJson}, {@code sasToken} are; {@code privateKeyFile} is a path, not a secret);
 * for what no provider declares (the JDBC password, a third party's undeclared options) a name that
 * says secret, password, passphrase, token, credential, account key, private key, connection
 * string or SAS — and does not end in {@code File} — is one. {@code ${file:…}} is resolved in secret
 * options only and refused elsewhere, so {@code folder: ${file:/etc/shadow}} neither reads the file
 * nor echoes it; {@code ${env:…}} works in any option (a region or a client id kept in the
 * environment). Error messages name the option and the reference, never a secret's value.
 */
final class SecretReferences {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{(env|file):([^}]+)}");
    private static final Pattern FILE_REFERENCE = Pattern.compile("\\$\\{file:");
    private static final Pattern SECRET_NAME = Pattern.compile(
            ".*(secret|password|passphrase|token|credential|accountkey|privatekey|connectionstring|sas).*");

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

    /** The fallback for options no provider declares: judged by the name. */
    static boolean isSecretName(String name) {
        String n = name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
        return SECRET_NAME.matcher(n).matches() && !n.endsWith("file") && !n.endsWith("path");
    }

    /**
     * @param declared a provider's declared options (empty when undeclared)
     * @param name an option key
     * @return whether the option is a secret: as declared, else by its name
     */
    static boolean isSecret(List<OptionSpec> declared, String name) {
        return OptionSpec.find(declared, name).map(OptionSpec::secret).orElseGet(() -> isSecretName(name));
    }

    /**
     * @param name the option's name, for messages and the secret rule
     * @param value as given: literal, or with references
     * @return the value with its references resolved
     * @throws SecretException when a secret is literal or a reference cannot be resolved
     */
    String resolve(String name, String value) {
        return resolve("option " + name, isSecretName(name), value);
    }

    /**
     * @param where what the value is, for messages ({@code option password}, {@code flows.a.folder})
     * @param secret whether the value is a secret (then it must be one reference, which is resolved)
     * @param value as given
     * @return the value, its reference resolved when it is a secret
     * @throws SecretException when a secret is literal, a reference cannot be resolved, or a
     *                         value that is no secret holds a reference
     */
    String resolve(String where, boolean secret, String value) {
        Matcher m = REFERENCE.matcher(value);
        if (!secret) {
            if (FILE_REFERENCE.matcher(value).find()) {
                throw new SecretException(where + " is not a secret: ${file:…} is resolved only in secret options "
                        + "(write the value itself, or ${env:NAME})");
            }
            // ${env:…} stays usable everywhere (a region, a client id from the environment); its value is no secret here
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(out, Matcher.quoteReplacement(lookup(where, m.group(1), m.group(2))));
            }
            m.appendTail(out);
            return out.toString();
        }
        if (!m.matches()) {
            throw new SecretException(where + " is a secret: pass it as ${env:NAME} or ${file:/path}, "
                    + "not literally (it would stay in the shell history, the process list or the file)");
        }
        return lookup(where, m.group(1), m.group(2));
    }

    /**
     * @param options destination options as given
     * @param declared what their provider declares (empty when undeclared)
     * @return the options with the references of secret ones resolved
     */
    Map<String, String> resolveAll(Map<String, String> options, List<OptionSpec> declared) {
        Map<String, String> out = new LinkedHashMap<>();
        options.forEach((k, v) -> out.put(k, resolve("option " + k, isSecret(declared, k), v)));
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
