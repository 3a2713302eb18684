package org.datasetexport;

import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.datasetexport.spi.OptionValues;

/**
 * The one settings language: {@link ExportSettings} and {@link Schedule} as a tree of kebab-case
 * keys (maps, lists and scalar values, as YAML, JSON, Spring's relaxed binding or a properties
 * file give them). Every front end — the state JSON, the CLI's flows YAML, Spring's
 * {@code settings} map, Spark's task spec — reads and writes settings through here, so a setting
 * has one spelling everywhere and a new one is added in one place.
 */
final class SettingsTree {
    static final String FOLDER = "folder";
    static final String FORMAT = "format";
    static final String FORMAT_OPTIONS = "format-options";
    static final String COMPRESSION = "compression";
    static final String MANIFEST = "manifest";
    static final String MAX_FILE_SIZE = "max-file-size";
    static final String MAX_RECORDS_PER_FILE = "max-records-per-file";
    static final String PARALLELISM = "parallelism";
    static final String EMPTY_OUTPUT = "empty-output";
    static final String SUCCESS_MARKER = "success-marker";
    static final String PARTITION_BY = "partition-by";
    static final String MAX_OPEN_FILES = "max-open-files";
    static final String RETENTION = "retention";
    static final String KEEP_LAST = "keep-last";
    static final String OLDER_THAN = "older-than";
    static final String ON_SCHEMA_CHANGE = "on-schema-change";
    static final String MODE = "mode";
    static final String INCREMENTAL_LAG = "incremental-lag";
    static final String PURPOSE = "purpose";
    static final String ENCRYPTION_KEY = "encryption-key";

    /** Every settings key, in the order they are printed. */
    static final List<String> KEYS = List.of(FOLDER, FORMAT, FORMAT_OPTIONS, COMPRESSION, MANIFEST, MAX_FILE_SIZE,
            MAX_RECORDS_PER_FILE, PARALLELISM, EMPTY_OUTPUT, SUCCESS_MARKER, PARTITION_BY, MAX_OPEN_FILES, RETENTION,
            ON_SCHEMA_CHANGE, MODE, INCREMENTAL_LAG, PURPOSE, ENCRYPTION_KEY);

    static final List<String> SCHEDULE_KEYS = List.of("once", "every-hours", "daily", "start", "end");

    private SettingsTree() {
    }

    // ---- printing ----

    static Map<String, Object> print(ExportSettings s) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put(FOLDER, s.folder());
        t.put(FORMAT, s.format());
        if (!s.formatOptions().isEmpty()) {
            t.put(FORMAT_OPTIONS, new TreeMap<>(s.formatOptions()));
        }
        t.put(COMPRESSION, word(s.compression()));
        t.put(MANIFEST, s.manifest());
        t.put(MAX_FILE_SIZE, s.maxFileSize());
        t.put(MAX_RECORDS_PER_FILE, s.maxRecordsPerFile());
        t.put(PARALLELISM, s.parallelism());
        t.put(EMPTY_OUTPUT, word(s.emptyOutput()));
        t.put(SUCCESS_MARKER, s.successMarker());
        if (!s.partitions().isEmpty()) {
            t.put(PARTITION_BY, s.partitions().stream().map(Partition::spec).toList());
        }
        t.put(MAX_OPEN_FILES, s.maxOpenFiles());
        s.retention().ifPresent(r -> t.put(RETENTION, r.olderThanAge() != null
                ? Map.of(OLDER_THAN, r.olderThanAge().toString()) : Map.of(KEEP_LAST, r.keepLastCount())));
        t.put(ON_SCHEMA_CHANGE, word(s.schemaChangePolicy()));
        t.put(MODE, word(s.mode()));
        t.put(INCREMENTAL_LAG, s.incrementalLag().toString());
        s.purpose().ifPresent(p -> t.put(PURPOSE, p));
        s.encryption().ifPresent(k -> t.put(ENCRYPTION_KEY, k));
        return t;
    }

    static Map<String, Object> print(Schedule s) {
        Map<String, Object> t = new LinkedHashMap<>();
        switch (s.kind()) {
            case ONCE -> t.put("once", s.at().orElseThrow().toString());
            case EVERY_HOURS -> t.put("every-hours", s.hours());
            case DAILY -> t.put("daily", s.time().orElseThrow().toString());
            default -> throw new IllegalStateException(s.kind().name());
        }
        s.start().ifPresent(v -> t.put("start", v.toString()));
        s.end().ifPresent(v -> t.put("end", v.toString()));
        return t;
    }

    /** @return an enum constant as the language spells it: lower case, words joined by {@code -} */
    static String word(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    // ---- parsing ----

    static ExportSettings parse(Map<String, ?> tree, String where) {
        ConfigurationException.requireNonNull(tree, "settings");
        Node n = new Node(tree, where);
        n.allow(KEYS);
        ExportSettings.Builder b = ExportSettings.builder();
        n.text(FOLDER, b::folder);
        n.text(FORMAT, b::format);
        n.with(FORMAT_OPTIONS, v -> b.formatOptions(n.stringMap(FORMAT_OPTIONS, v)));
        n.with(COMPRESSION, v -> b.compression(n.enumValue(COMPRESSION, v, Compression.class)));
        n.with(MANIFEST, v -> b.manifest(n.bool(MANIFEST, v)));
        n.with(MAX_FILE_SIZE, v -> b.maxFileSize(OptionValues.size(n.at(MAX_FILE_SIZE), scalar(v))));
        n.with(MAX_RECORDS_PER_FILE, v -> b.maxRecordsPerFile(n.longValue(MAX_RECORDS_PER_FILE, v)));
        n.with(PARALLELISM, v -> b.parallelism(n.intValue(PARALLELISM, v)));
        n.with(EMPTY_OUTPUT, v -> b.emptyOutput(n.enumValue(EMPTY_OUTPUT, v, EmptyOutput.class)));
        n.with(SUCCESS_MARKER, v -> b.successMarker(n.bool(SUCCESS_MARKER, v)));
        n.with(PARTITION_BY, v -> b.partitions(n.list(PARTITION_BY, v).stream().map(Partition::parse).toList()));
        n.with(MAX_OPEN_FILES, v -> b.maxOpenFiles(n.intValue(MAX_OPEN_FILES, v)));
        n.with(RETENTION, v -> {
            Node r = n.child(RETENTION, v);
            r.allow(List.of(KEEP_LAST, OLDER_THAN));
            ConfigurationException.check(r.tree.containsKey(KEEP_LAST) != r.tree.containsKey(OLDER_THAN),
                    "%s needs exactly one of %s and %s", n.at(RETENTION), KEEP_LAST, OLDER_THAN);
            r.with(KEEP_LAST, k -> b.retention(Retention.keepLast(r.intValue(KEEP_LAST, k))));
            r.with(OLDER_THAN, d -> b.retention(Retention.olderThan(OptionValues.duration(r.at(OLDER_THAN), scalar(d)))));
        });
        n.with(ON_SCHEMA_CHANGE, v -> b.schemaChangePolicy(n.enumValue(ON_SCHEMA_CHANGE, v, SchemaChangePolicy.class)));
        n.with(MODE, v -> b.mode(n.enumValue(MODE, v, ExportMode.class)));
        n.with(INCREMENTAL_LAG, v -> b.incrementalLag(OptionValues.duration(n.at(INCREMENTAL_LAG), scalar(v))));
        n.text(PURPOSE, b::purpose);
        n.text(ENCRYPTION_KEY, b::encryption);
        return n.build(b::build);
    }

    static Schedule parseSchedule(Map<String, ?> tree, String where) {
        ConfigurationException.requireNonNull(tree, "schedule");
        Node n = new Node(tree, where);
        n.allow(SCHEDULE_KEYS);
        int kinds = (tree.containsKey("once") ? 1 : 0) + (tree.containsKey("every-hours") ? 1 : 0)
                + (tree.containsKey("daily") ? 1 : 0);
        ConfigurationException.check(kinds == 1, "%s needs exactly one of once, every-hours, daily; got %d", where, kinds);
        return n.build(() -> {
            Schedule s = tree.containsKey("once") ? Schedule.once(n.instant("once"))
                    : tree.containsKey("every-hours") ? Schedule.everyHours(n.intValue("every-hours", tree.get("every-hours")))
                    : Schedule.daily(n.time("daily"));
            if (tree.get("start") != null) {
                s = s.startingAt(n.instant("start"));
            }
            if (tree.get("end") != null) {
                s = s.endingAt(n.instant("end"));
            }
            return s;
        });
    }

    private static String scalar(Object v) {
        if (v instanceof String || v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        throw new ConfigurationException("a " + (v instanceof Map ? "map" : v instanceof List ? "list" : v.getClass().getSimpleName())
                + " where a value belongs");
    }

    /** A map of the tree with the path it was found at, for messages that name the key. */
    private static final class Node {
        final Map<String, ?> tree;
        final String where;

        Node(Map<String, ?> tree, String where) {
            this.tree = tree;
            this.where = where == null ? "" : where;
        }

        String at(String key) {
            return where.isEmpty() ? key : where + "." + key;
        }

        void allow(List<String> known) {
            Set<String> unknown = new TreeSet<>();
            for (Object key : tree.keySet()) {
                if (!known.contains(String.valueOf(key))) {
                    unknown.add(String.valueOf(key));
                }
            }
            ConfigurationException.check(unknown.isEmpty(), "%s: unknown key%s '%s' (known: %s)",
                    where.isEmpty() ? "settings" : where, unknown.size() > 1 ? "s" : "", String.join("', '", unknown),
                    String.join(", ", new TreeSet<>(known)));
        }

        /** Runs {@code use} on the key's value when it is set (not null), naming the key in any refusal. */
        void with(String key, Consumer<Object> use) {
            Object v = tree.get(key);
            if (v == null) {
                return;
            }
            try {
                use.accept(v);
            } catch (ConfigurationException e) {
                String message = e.getMessage();
                throw new ConfigurationException(message.startsWith(at(key)) ? message : at(key) + ": " + message, e);
            } catch (IllegalArgumentException | DateTimeParseException e) {
                throw new ConfigurationException(at(key) + ": " + e.getMessage(), e);
            }
        }

        void text(String key, Consumer<String> use) {
            with(key, v -> use.accept(scalar(v)));
        }

        <T> T build(java.util.function.Supplier<T> make) {
            try {
                return make.get();
            } catch (ConfigurationException e) {
                String message = e.getMessage();
                throw new ConfigurationException(where.isEmpty() || message.startsWith(where) ? message : where + ": " + message, e);
            } catch (IllegalArgumentException | DateTimeParseException e) {
                throw new ConfigurationException((where.isEmpty() ? "" : where + ": ") + e.getMessage(), e);
            }
        }

        boolean bool(String key, Object v) {
            return v instanceof Boolean b ? b : OptionValues.bool(at(key), scalar(v));
        }

        long longValue(String key, Object v) {
            if (v instanceof Integer || v instanceof Long || v instanceof Short) {
                return ((Number) v).longValue();
            }
            String s = scalar(v).trim();
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                throw new ConfigurationException("\"" + s + "\" is not a whole number");
            }
        }

        int intValue(String key, Object v) {
            long value = longValue(key, v);
            ConfigurationException.check(value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE,
                    "%s is out of range (at most %s)", value, Integer.MAX_VALUE);
            return (int) value;
        }

        <E extends Enum<E>> E enumValue(String key, Object v, Class<E> type) {
            String s = scalar(v).trim();
            String constant = s.toUpperCase(Locale.ROOT).replace('-', '_');
            for (E e : type.getEnumConstants()) {
                if (e.name().equals(constant)) {
                    return e;
                }
            }
            List<String> allowed = new ArrayList<>();
            for (E e : type.getEnumConstants()) {
                allowed.add(word(e));
            }
            throw new ConfigurationException("\"" + s + "\" is not one of " + allowed);
        }

        Map<String, String> stringMap(String key, Object v) {
            ConfigurationException.check(v instanceof Map, "a map of option names to values, not %s", describe(v));
            Map<String, String> out = new TreeMap<>();
            ((Map<?, ?>) v).forEach((k, value) -> {
                ConfigurationException.check(value != null, "option %s has no value", k);
                out.put(String.valueOf(k), scalar(value));
            });
            return out;
        }

        /**
         * A list as YAML and JSON give it, as Spring binds one into a map ({@code {0: a, 1: b}}),
         * or one string with the items separated by commas.
         */
        List<String> list(String key, Object v) {
            List<String> out = new ArrayList<>();
            if (v instanceof List<?> l) {
                l.forEach(item -> out.add(scalar(item)));
            } else if (v instanceof Map<?, ?> m) {
                new TreeMap<>(indexed(m)).values().forEach(item -> out.add(scalar(item)));
            } else {
                for (String item : scalar(v).split(",")) {
                    if (!item.isBlank()) {
                        out.add(item.trim());
                    }
                }
            }
            return out;
        }

        private static Map<Integer, Object> indexed(Map<?, ?> m) {
            Map<Integer, Object> byIndex = new TreeMap<>();
            m.forEach((k, value) -> {
                String index = String.valueOf(k).replace("[", "").replace("]", "");
                try {
                    byIndex.put(Integer.parseInt(index), value);
                } catch (NumberFormatException e) {
                    throw new ConfigurationException("a list, not a map with the key \"" + k + "\"");
                }
            });
            return byIndex;
        }

        Node child(String key, Object v) {
            ConfigurationException.check(v instanceof Map, "a map, not %s", describe(v));
            @SuppressWarnings("unchecked")
            Map<String, ?> m = (Map<String, ?>) v;
            return new Node(m, at(key));
        }

        Instant instant(String key) {
            return parsed(key, Instant::parse, "an instant like 2026-01-01T00:00:00Z");
        }

        LocalTime time(String key) {
            return parsed(key, LocalTime::parse, "a time of day like 02:30");
        }

        private <T> T parsed(String key, java.util.function.Function<String, T> parse, String expected) {
            String s = scalar(tree.get(key)).trim();
            try {
                return parse.apply(s);
            } catch (DateTimeParseException e) {
                throw new ConfigurationException(at(key) + ": \"" + s + "\" is not " + expected);
            }
        }

        private static String describe(Object v) {
            return v instanceof List ? "a list" : "\"" + v + "\"";
        }
    }
}
