package org.datasetexport.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.datasetexport.ConfigurationException;
import org.datasetexport.spi.OptionValues;

/**
 * One mapping of the YAML configuration with its dotted path ({@code flows.orders.schedule}), so
 * every refusal names where it is. Unknown keys are refused with the known ones listed (a typo is
 * never silently ignored); every string value has its {@code ${env:…}}/{@code ${file:…}} references
 * resolved, and a value under a secret-named key must be a reference. Messages quote values only of
 * keys that are not secret.
 */
final class ConfigNode {
    private final JsonNode node;
    private final String path;
    private final SecretReferences secrets;

    ConfigNode(JsonNode node, String path, SecretReferences secrets) {
        ConfigurationException.check(node != null && node.isObject(), "%s must be a mapping of keys to values",
                path.isEmpty() ? "the configuration" : path);
        this.node = node;
        this.path = path;
        this.secrets = secrets;
    }

    String path() {
        return path;
    }

    String at(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** Refuses any key not in {@code known}, naming it and listing the known keys. */
    ConfigNode allow(String... known) {
        List<String> keys = Arrays.asList(known);
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            ConfigurationException.check(keys.contains(key), "%s: unknown key '%s' (known: %s)",
                    path.isEmpty() ? "the configuration" : path, key, String.join(", ", new TreeSet<>(keys)));
        }
        return this;
    }

    boolean has(String key) {
        JsonNode v = node.get(key);
        return v != null && !v.isNull();
    }

    Optional<String> string(String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        ConfigurationException.check(v.isValueNode(), "%s must be a single value, not a %s", at(key),
                v.isArray() ? "list" : "mapping");
        return Optional.of(secrets.resolve(at(key), SecretReferences.isSecretName(key), v.asText()));
    }

    String required(String key) {
        return string(key).filter(s -> !s.isBlank())
                .orElseThrow(() -> new ConfigurationException(at(key) + " is missing"));
    }

    Optional<Integer> integer(String key) {
        return string(key).map(s -> OptionValues.integer(at(key), s));
    }

    Optional<Long> longValue(String key) {
        return string(key).map(s -> {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                throw new ConfigurationException(at(key) + " must be a whole number, got '" + s + "'");
            }
        });
    }

    Optional<Boolean> bool(String key) {
        return string(key).map(s -> OptionValues.bool(at(key), s));
    }

    Optional<Duration> duration(String key) {
        return string(key).map(s -> OptionValues.duration(at(key), s));
    }

    Optional<Long> size(String key) {
        return string(key).map(s -> OptionValues.size(at(key), s));
    }

    Optional<Instant> instant(String key) {
        return string(key).map(s -> {
            try {
                return Instant.parse(s.trim());
            } catch (DateTimeParseException e) {
                throw new ConfigurationException(at(key) + " must be an instant such as 2026-12-01T00:00:00Z, got '" + s + "'");
            }
        });
    }

    Optional<LocalTime> time(String key) {
        return string(key).map(s -> {
            try {
                return LocalTime.parse(s.trim());
            } catch (DateTimeParseException e) {
                throw new ConfigurationException(at(key) + " must be a time of day such as 02:30 (UTC), got '" + s + "'");
            }
        });
    }

    /** An enum value written as in the Java name or in kebab case ({@code first-full-then-incremental}). */
    <E extends Enum<E>> Optional<E> enumValue(String key, Class<E> type) {
        return string(key).map(s -> {
            String name = s.trim().toUpperCase(Locale.ROOT).replace('-', '_');
            for (E e : type.getEnumConstants()) {
                if (e.name().equals(name)) {
                    return e;
                }
            }
            List<String> names = new ArrayList<>();
            for (E e : type.getEnumConstants()) {
                names.add(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            }
            throw new ConfigurationException(at(key) + " must be one of " + names + ", got '" + s + "'");
        });
    }

    /** A list of values, or one value taken as a list of one. */
    List<String> list(String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (v.isValueNode()) {
            return List.of(string(key).orElseThrow());
        }
        ConfigurationException.check(v.isArray(), "%s must be a list", at(key));
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            ConfigurationException.check(v.get(i).isValueNode(), "%s[%d] must be a single value", at(key), i);
            out.add(secrets.resolve(at(key) + "[" + i + "]", SecretReferences.isSecretName(key), v.get(i).asText()));
        }
        return out;
    }

    Optional<ConfigNode> child(String key) {
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(new ConfigNode(v, at(key), secrets));
    }

    /** The entries of a mapping of named mappings ({@code flows:}), in file order. */
    Map<String, ConfigNode> children(String key) {
        Map<String, ConfigNode> out = new LinkedHashMap<>();
        child(key).ifPresent(c -> c.node.fieldNames().forEachRemaining(name -> out.put(name,
                new ConfigNode(c.node.get(name), c.at(name), secrets))));
        return out;
    }

    /** A mapping of names to single values ({@code options:}), references resolved. */
    Map<String, String> strings(String key) {
        return strings(key, List.of());
    }

    /**
     * The mapping under {@code key} as destination options: secret as their provider declares
     * them ({@code declared}), else by name.
     */
    Map<String, String> strings(String key, List<org.datasetexport.spi.OptionSpec> declared) {
        Map<String, String> out = new LinkedHashMap<>();
        child(key).ifPresent(c -> c.node.fieldNames().forEachRemaining(name -> {
            JsonNode v = c.node.get(name);
            if (v == null || v.isNull()) {
                return;
            }
            ConfigurationException.check(v.isValueNode(), "%s must be a single value, not a %s", c.at(name),
                    v.isArray() ? "list" : "mapping");
            out.put(name, secrets.resolve(c.at(name), SecretReferences.isSecret(declared, name), v.asText()));
        }));
        return out;
    }

    /**
     * The mapping under {@code key} as plain maps, lists and values, for the SDK's settings
     * language ({@code ExportSettings.fromTree}); no references are resolved there (settings hold
     * no secrets).
     */
    @SuppressWarnings("unchecked")
    Map<String, Object> tree(String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return Map.of();
        }
        ConfigurationException.check(v.isObject(), "%s must be a mapping of keys to values", at(key));
        return TREE.convertValue(v, Map.class);
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper TREE = new com.fasterxml.jackson.databind.ObjectMapper();
}
