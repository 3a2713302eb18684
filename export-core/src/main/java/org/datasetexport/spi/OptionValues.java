package org.datasetexport.spi;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.datasetexport.ConfigurationException;

/**
 * Parsing of the {@code Map<String, String>} options that providers receive: known-key checks,
 * sizes ({@code 1048576}, {@code 8MiB}, {@code 64MB}, {@code 512k}) and durations ({@code PT30S},
 * {@code 30s}, {@code 5m}, {@code 2h}, {@code 500ms}). Every failure is a
 * {@link ConfigurationException} naming the key and the value. Values of keys that hold secrets
 * must not be passed here for messages; these helpers echo the value.
 */
public final class OptionValues {
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmgt]i?b?|b)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)", Pattern.CASE_INSENSITIVE);

    private OptionValues() {
    }

    /**
     * @param options the options a provider received
     * @param known the keys it accepts
     * @param what the thing being configured, for the message ({@code format "parquet"})
     * @throws ConfigurationException naming the first unknown key and listing the valid ones
     */
    public static void requireKnownKeys(Map<String, String> options, Set<String> known, String what) {
        for (String key : new TreeSet<>(options.keySet())) {
            ConfigurationException.check(known.contains(key), "unknown option \"%s\" for %s; valid keys: %s",
                    key, what, new TreeSet<>(known));
        }
    }

    /**
     * @param key the option key, for messages
     * @param value plain bytes or a number with a unit: {@code k}/{@code KiB}/{@code KB} (1024),
     *        {@code m}/{@code MiB}/{@code MB}, {@code g}/{@code GiB}/{@code GB}, {@code t}…; all binary
     * @return the size in bytes
     * @throws ConfigurationException when the value is not a size
     */
    public static long size(String key, String value) {
        Matcher m = value == null ? null : SIZE.matcher(value.trim());
        ConfigurationException.check(m != null && m.matches(),
                "option \"%s\": \"%s\" is not a size (bytes, or a number with k, MiB, MB, GiB…)", key, shown(value));
        long number = number(key, value, m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
        int shift = switch (unit.charAt(0)) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            case 't' -> 40;
            default -> 0;
        };
        ConfigurationException.check(number <= (Long.MAX_VALUE >> shift), "option \"%s\": \"%s\" is too large", key, shown(value));
        return number << shift;
    }

    /**
     * @param key the option key, for messages
     * @param value a decimal integer
     * @return the value
     * @throws ConfigurationException when the value is not an integer
     */
    public static int integer(String key, String value) {
        try {
            return Integer.parseInt(value == null ? "" : value.trim());
        } catch (NumberFormatException e) {
            throw new ConfigurationException("option \"" + key + "\": \"" + shown(value) + "\" is not an integer (-2147483648 to "
                    + "2147483647)");
        }
    }

    /**
     * @param key the option key, for messages
     * @param value {@code true} or {@code false}
     * @return the value
     * @throws ConfigurationException otherwise
     */
    public static boolean bool(String key, String value) {
        ConfigurationException.check("true".equalsIgnoreCase(value) || "false".equalsIgnoreCase(value),
                "option \"%s\": \"%s\" is not true or false", key, shown(value));
        return Boolean.parseBoolean(value);
    }

    /**
     * @param key the option key, for messages
     * @param value ISO-8601 ({@code PT30S}) or a number with {@code ms}, {@code s}, {@code m}, {@code h}, {@code d}
     * @return the duration
     * @throws ConfigurationException when the value is not a duration
     */
    public static Duration duration(String key, String value) {
        ConfigurationException.check(value != null, "option \"%s\" must not be null", key);
        String v = value.trim();
        Matcher m = SHORT_DURATION.matcher(v);
        try {
            if (m.matches()) {
                long n = number(key, value, m.group(1));
                return switch (m.group(2).toLowerCase(Locale.ROOT)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            Duration d = Duration.parse(v);
            // a timeout or an interval is never negative: "PT-5S" would read as "at once" or "forever" depending on who reads it
            ConfigurationException.check(!d.isNegative(), "option \"%s\": \"%s\" is a negative duration; give one of zero or more",
                    key, shown(value));
            return d;
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new ConfigurationException("option \"" + key + "\": \"" + shown(value)
                    + "\" is not a duration (PT30S, 30s, 5m, 2h, 500ms) of a size Java can hold");
        }
    }

    private static long number(String key, String value, String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new ConfigurationException("option \"" + key + "\": \"" + shown(value) + "\" is too large");
        }
    }

    /** An option value as it may appear in a message: no control characters (no forged log lines), at most 64 characters. */
    private static String shown(String value) {
        if (value == null) {
            return "null";
        }
        String printable = value.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > 64 ? printable.substring(0, 64) + "…" : printable;
    }
}
