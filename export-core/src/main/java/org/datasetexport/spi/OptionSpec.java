package org.datasetexport.spi;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.datasetexport.ConfigurationException;

/**
 * One option a {@link DestinationProvider} accepts, as it declares it in
 * {@link DestinationProvider#options()}: its name, what kind of value it takes, whether it is
 * required, its default and a one-line description. Front ends act on the declaration rather than
 * on the option's name: the CLI and the flows YAML refuse a {@link Kind#SECRET} given literally and
 * resolve {@code ${env:…}}/{@code ${file:…}} references only in secret options; the registry masks
 * secret values in whatever a provider throws; a UI can render a form from it.
 *
 * <pre>{@code
 * static final List<OptionSpec> OPTIONS = List.of(
 *         OptionSpec.text("region", "the bucket's region, e.g. eu-west-1"),
 *         OptionSpec.secret("secretAccessKey", "the secret of accessKeyId"),
 *         OptionSpec.path("credentialsFile", "a service-account key file"),
 *         OptionSpec.of("partSize", OptionSpec.Kind.SIZE, false, "8MiB", "bytes per uploaded part"));
 * }</pre>
 *
 * @param name the option key, as in the options map
 * @param kind what the value is
 * @param required whether {@code create} refuses a missing value (options needed only in some
 *                 combinations are not required: the provider says which in its error)
 * @param defaultValue the value used when the option is absent, or null
 * @param description one line for help texts and forms
 */
public record OptionSpec(String name, Kind kind, boolean required, String defaultValue, String description) {

    /** What an option's value is. */
    public enum Kind {
        /** Plain text (a region, a tenant id, an account name). */
        TEXT,
        /** A credential: never printed, refused literally on a command line or in a YAML file. */
        SECRET,
        /** The path of a local file (a key file, known hosts): not a secret itself, whatever it holds. */
        PATH,
        /** {@code true} or {@code false}. */
        FLAG,
        /** A whole number. */
        INTEGER,
        /** A size in bytes, with an optional unit ({@code 8MiB}). */
        SIZE,
        /** A duration ({@code 30s}, {@code PT2M}). */
        DURATION,
        /** An http(s) URL (an endpoint). */
        URL
    }

    /**
     * @throws ConfigurationException when the name or kind is missing
     */
    public OptionSpec {
        ConfigurationException.check(name != null && !name.isBlank(), "an option needs a name");
        ConfigurationException.requireNonNull(kind, "kind");
        description = description == null ? "" : description;
    }

    /**
     * @param name the option key
     * @param kind what the value is
     * @param required whether it is required
     * @param defaultValue its default, or null
     * @param description one line
     * @return the declaration
     */
    public static OptionSpec of(String name, Kind kind, boolean required, String defaultValue, String description) {
        return new OptionSpec(name, kind, required, defaultValue, description);
    }

    /**
     * @param name the option key
     * @param description one line
     * @return an optional plain-text option
     */
    public static OptionSpec text(String name, String description) {
        return new OptionSpec(name, Kind.TEXT, false, null, description);
    }

    /**
     * @param name the option key
     * @param description one line
     * @return an optional secret option
     */
    public static OptionSpec secret(String name, String description) {
        return new OptionSpec(name, Kind.SECRET, false, null, description);
    }

    /**
     * @param name the option key
     * @param description one line
     * @return an optional local-file-path option
     */
    public static OptionSpec path(String name, String description) {
        return new OptionSpec(name, Kind.PATH, false, null, description);
    }

    /** @return whether the value is a credential */
    public boolean secret() {
        return kind == Kind.SECRET;
    }

    /** @return the default, if any */
    public Optional<String> defaultValueIfAny() {
        return Optional.ofNullable(defaultValue);
    }

    /**
     * @param options declarations
     * @return their names, in declaration order
     */
    public static Set<String> names(List<OptionSpec> options) {
        Set<String> names = new LinkedHashSet<>();
        for (OptionSpec o : options) {
            names.add(o.name());
        }
        return names;
    }

    /**
     * @param options declarations
     * @param name an option key
     * @return its declaration, if declared
     */
    public static Optional<OptionSpec> find(List<OptionSpec> options, String name) {
        for (OptionSpec o : options) {
            if (o.name().equals(name)) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }
}
