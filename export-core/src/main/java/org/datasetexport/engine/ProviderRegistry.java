package org.datasetexport.engine;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.TreeSet;
import org.datasetexport.ConfigurationException;
import org.datasetexport.spi.Destination;
import org.datasetexport.spi.DestinationProvider;
import org.datasetexport.spi.EncryptionProvider;
import org.datasetexport.spi.Format;
import org.datasetexport.spi.FormatProvider;
import org.datasetexport.spi.UriRedaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only place that touches {@link ServiceLoader}. Providers are loaded once, with the core's
 * class loader (predictable in fat jars and app servers), and cached; a provider that fails to
 * load is logged by class name without hiding the others.
 */
public final class ProviderRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(ProviderRegistry.class);

    /**
     * The providers this project ships, by name ({@code s3}, {@code csv}, {@code openpgp}): the
     * artifact and provider class the "no provider" hint names. Read from
     * {@code known-providers.properties}, which a test compares with what the modules register.
     */
    private static final Map<String, String[]> KNOWN = knownProviders();

    /** @return name → {artifact, provider class}, from the resource beside this class */
    private static Map<String, String[]> knownProviders() {
        java.util.Properties p = new java.util.Properties();
        try (java.io.InputStream in = ProviderRegistry.class.getResourceAsStream("known-providers.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (java.io.IOException e) {
            LOG.debug("cannot read known-providers.properties: {}", e.toString());
        }
        Map<String, String[]> out = new TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            out.put(key.substring(key.indexOf('.') + 1), p.getProperty(key).trim().split("\\s+"));
        }
        return Collections.unmodifiableMap(out);
    }

    private static final class Holder {
        static final ProviderRegistry INSTANCE = new ProviderRegistry(ProviderRegistry.class.getClassLoader());
    }

    private final Map<String, List<DestinationProvider>> destinations = new TreeMap<>();
    private final Map<String, List<FormatProvider>> formats = new TreeMap<>();
    private final Map<String, List<EncryptionProvider>> encryptions = new TreeMap<>();
    private final ClassLoader loader;

    /**
     * @param loader the class loader whose service files and classes are searched (tests pass their own)
     */
    public ProviderRegistry(ClassLoader loader) {
        this.loader = loader;
        for (DestinationProvider p : load(DestinationProvider.class, loader)) {
            for (String scheme : p.schemes()) {
                destinations.computeIfAbsent(scheme.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(p);
            }
        }
        for (FormatProvider p : load(FormatProvider.class, loader)) {
            formats.computeIfAbsent(p.name().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(p);
        }
        for (EncryptionProvider p : load(EncryptionProvider.class, loader)) {
            encryptions.computeIfAbsent(p.name().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(p);
        }
    }

    /** @return the registry of the core's class loader, loaded on first use */
    public static ProviderRegistry instance() {
        return Holder.INSTANCE;
    }

    private static <T> List<T> load(Class<T> type, ClassLoader loader) {
        List<T> found = new ArrayList<>();
        Iterator<T> it = ServiceLoader.load(type, loader).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                found.add(it.next());
            } catch (ServiceConfigurationError e) {
                LOG.warn("Skipping a {} that failed to load: {}", type.getSimpleName(), e.getMessage());
            }
        }
        return found;
    }

    /** @return the schemes with a provider on the classpath, sorted */
    public List<String> schemes() {
        return List.copyOf(destinations.keySet());
    }

    /** @return the format names with a provider on the classpath, sorted */
    public List<String> formatNames() {
        return List.copyOf(formats.keySet());
    }

    /**
     * @param uriText a destination URI
     * @param options provider options
     * @return the destination its scheme's provider builds
     */
    public Destination destination(String uriText, Map<String, String> options) {
        ConfigurationException.requireNonNull(uriText, "destination URI");
        ConfigurationException.requireNonNull(options, "options");
        URI uri;
        try {
            uri = new URI(uriText);
        } catch (URISyntaxException e) {
            throw new ConfigurationException("destination URI \"" + UriRedaction.redact(uriText)
                    + "\" is not a valid URI: " + e.getReason());
        }
        String scheme = uri.getScheme();
        ConfigurationException.check(scheme != null,
                "destination URI \"%s\" has no scheme; known schemes: %s", UriRedaction.redact(uriText), schemes());
        DestinationProvider provider = single(destinations, scheme.toLowerCase(Locale.ROOT), "destination for scheme",
                schemes(), ".to(Destination)");
        // secrets never go in the URI; a query or fragment is where they would hide, and no provider reads one
        ConfigurationException.check(uri.getRawQuery() == null && uri.getRawFragment() == null,
                "destination URI \"%s\" has a query or fragment; destination URIs take none: pass settings and "
                        + "credentials as options", UriRedaction.redact(uriText));
        refuseEncodedCredentials(uri, uriText);
        Map<String, String> copy = Collections.unmodifiableMap(new TreeMap<>(options));
        try {
            return provider.create(uri, copy);
        } catch (RuntimeException e) {
            throw SecretScrub.of(uri, copy, provider.options()).clean(e, "destination URI \"" + UriRedaction.redact(uri) + "\"");
        }
    }

    /**
     * A password or user info hidden by percent-encoding ({@code sftp://user%3Apw@host},
     * {@code s3://KEY%3Apw%40bucket}) would reach a provider as a user or bucket name, and from there
     * logs and {@code toString()}: refused like the plain forms, naming nothing of it.
     */
    private static void refuseEncodedCredentials(URI uri, String uriText) {
        String authority = uri.getRawAuthority();
        if (authority == null || authority.indexOf('%') < 0) {
            return;
        }
        String decoded = UriRedaction.percentDecode(authority);
        int rawAt = authority.lastIndexOf('@');
        int at = decoded.lastIndexOf('@');
        boolean encodedUserInfo = rawAt < 0 && at >= 0;
        boolean encodedPassword = at >= 0 && decoded.substring(0, at).contains(":");
        ConfigurationException.check(!encodedUserInfo && !encodedPassword, "destination URI \"%s\" carries credentials in "
                + "percent-encoded user info; URIs carry no credentials: pass them as options", UriRedaction.redact(uriText));
    }

    /**
     * What a scheme's provider declares of its options ({@link DestinationProvider#options()}), so a
     * front end can tell secrets and paths by declaration.
     *
     * @param uriText a destination URI, or a bare scheme
     * @return its provider's declared options; empty when the scheme has no provider or the provider declares none
     */
    public List<org.datasetexport.spi.OptionSpec> destinationOptions(String uriText) {
        if (uriText == null) {
            return List.of();
        }
        int colon = uriText.indexOf(':');
        String scheme = (colon < 0 ? uriText : uriText.substring(0, colon)).toLowerCase(Locale.ROOT);
        List<DestinationProvider> found = destinations.get(scheme);
        return found == null || found.size() != 1 ? List.of() : found.get(0).options();
    }

    /**
     * @param name a format name
     * @param options format options
     * @return the format its provider builds
     */
    public Format format(String name, Map<String, String> options) {
        ConfigurationException.requireNonNull(name, "format name");
        FormatProvider provider = single(formats, name.toLowerCase(Locale.ROOT), "format named", formatNames(), ".format(Format)");
        return provider.create(Collections.unmodifiableMap(new TreeMap<>(options)));
    }

    /**
     * @param name an encryption scheme name, such as {@code openpgp}
     * @return its provider
     * @throws ConfigurationException when none or several are on the classpath
     */
    public EncryptionProvider encryption(String name) {
        ConfigurationException.requireNonNull(name, "encryption name");
        return single(encryptions, name.toLowerCase(Locale.ROOT), "encryption named",
                List.copyOf(encryptions.keySet()), "an Encryption instance of the provider you want");
    }

    private boolean isPresent(String className) {
        try {
            Class.forName(className, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private <T> T single(Map<String, List<T>> byKey, String key, String what, List<String> known, String wayOut) {
        List<T> matches = byKey.get(key);
        if (matches == null || matches.isEmpty()) {
            String[] shipped = KNOWN.get(key);
            String hint = shipped != null ? " Add the artifact org.datasetexport:" + shipped[0] + "." : "";
            if (shipped != null && isPresent(shipped[1])) {
                hint = " The class " + shipped[1] + " is on the classpath, but its META-INF/services entry is "
                        + "not: a fat jar built without merging service files drops it (maven-shade-plugin: add the "
                        + "ServicesResourceTransformer; Gradle Shadow: mergeServiceFiles()). See the README, \"Fat jars\".";
            }
            throw new ConfigurationException("No " + what + " \"" + key + "\". Known: "
                    + (known.isEmpty() ? "none" : String.join(", ", known)) + "." + hint);
        }
        if (matches.size() > 1) {
            TreeSet<String> classes = new TreeSet<>();
            matches.forEach(m -> classes.add(m.getClass().getName()));
            throw new ConfigurationException("More than one " + what + " \"" + key + "\" on the classpath: "
                    + classes + ". Remove one, or pass an instance with " + wayOut + ".");
        }
        return matches.get(0);
    }
}
