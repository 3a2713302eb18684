package org.datasetexport.spi;

import java.util.regex.Pattern;
import org.datasetexport.ConfigurationException;

/**
 * Validation of the paths the SDK builds and hands to destinations. A path is relative to the
 * destination root, uses {@code /} between segments, and has no empty, {@code .} or {@code ..}
 * segment, no backslash and no control character. Destinations call {@link #requireValid} on
 * every path they are given, so a path built from user input can never escape the root.
 */
public final class StoragePaths {
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._=-]{1,255}");

    /** The longest path a destination takes, in characters (S3 keys are at most 1,024 bytes). */
    public static final int MAX_PATH_LENGTH = 1024;

    private StoragePaths() {
    }

    /**
     * @param path a destination-relative path such as {@code nightly/ds-1/exportTime=202611280900/part-00000-….json}
     * @return {@code path}
     * @throws ConfigurationException naming the problem when the path is not valid
     */
    public static String requireValid(String path) {
        ConfigurationException.requireNonNull(path, "path");
        ConfigurationException.check(!path.isEmpty(), "path must not be empty");
        ConfigurationException.check(path.length() <= MAX_PATH_LENGTH, "path is longer than %d characters", MAX_PATH_LENGTH);
        ConfigurationException.check(path.chars().noneMatch(Character::isISOControl),
                "path \"%s\" contains a control character", printable(path));
        ConfigurationException.check(path.indexOf('\\') < 0, "path \"%s\" contains a backslash", path);
        ConfigurationException.check(!path.startsWith("/"), "path \"%s\" must be relative (no leading /)", path);
        for (String segment : path.split("/", -1)) {
            ConfigurationException.check(!segment.isEmpty(), "path \"%s\" has an empty segment", path);
            ConfigurationException.check(!segment.equals(".") && !segment.equals(".."),
                    "path \"%s\" contains a \"%s\" segment", path, segment);
        }
        return path;
    }

    /**
     * Validates a user-supplied folder: one or more segments separated by {@code /}, each made of
     * letters, digits and {@code . _ = -}, none of them {@code .} or {@code ..}.
     *
     * @param folder the folder, such as {@code nightly} or {@code exports/crm}
     * @param setting the setting's name for the message
     * @return {@code folder}
     * @throws ConfigurationException when the folder is not valid
     */
    public static String requireValidFolder(String folder, String setting) {
        ConfigurationException.requireNonNull(folder, setting);
        for (String segment : folder.split("/", -1)) {
            requireValidSegment(segment, setting + " \"" + printable(folder) + "\"");
        }
        return folder;
    }

    /**
     * @param segment one path segment (a dataset id, a destination id)
     * @param setting the setting's name for the message
     * @return {@code segment}
     * @throws ConfigurationException when it is empty, {@code .}, {@code ..} or has characters
     *         other than letters, digits and {@code . _ = -}
     */
    public static String requireValidSegment(String segment, String setting) {
        ConfigurationException.requireNonNull(segment, setting);
        ConfigurationException.check(SEGMENT.matcher(segment).matches() && !segment.equals(".") && !segment.equals(".."),
                "%s: \"%s\" is not a valid path segment (1 to 255 letters, digits, '.', '_', '=' or '-'; not '.' or '..')",
                setting, printable(segment));
        return segment;
    }

    /**
     * Normalises a destination's root prefix: leading and trailing slashes are dropped, and what
     * remains must be a {@linkplain #requireValid valid path}.
     *
     * @param prefix the prefix as the user gave it, such as {@code /exports/crm/} or {@code ""}
     * @param setting the setting's name for the message
     * @return the prefix without leading or trailing slashes; {@code ""} for no prefix
     * @throws ConfigurationException when the prefix is null or not a valid path
     */
    public static String normalizePrefix(String prefix, String setting) {
        String trimmed = ConfigurationException.requireNonNull(prefix, setting).replaceAll("^/+|/+$", "");
        return trimmed.isEmpty() ? "" : requireValid(trimmed);
    }

    /**
     * The store key of a destination path under a prefix from {@link #normalizePrefix}.
     *
     * @param prefix a normalized prefix, {@code ""} for the root
     * @param path a destination-relative path, validated here
     * @return {@code prefix/path}, or {@code path} for an empty prefix
     * @throws ConfigurationException when the path is not valid
     */
    public static String under(String prefix, String path) {
        requireValid(path);
        return prefix.isEmpty() ? path : prefix + "/" + path;
    }

    /**
     * The listing prefix that selects everything under a normalized prefix.
     *
     * @param prefix a normalized prefix, {@code ""} for the root
     * @return {@code prefix/}, or {@code ""} for an empty prefix
     */
    public static String folder(String prefix) {
        return prefix.isEmpty() ? "" : prefix + "/";
    }

    /**
     * Turns any text into a path-safe segment (for destination ids derived from URIs).
     *
     * @param text any text
     * @return letters, digits and {@code . _ -} only; other runs of characters become {@code -}
     */
    public static String sanitizeSegment(String text) {
        String cleaned = text.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^[-.]+|-+$", "");
        return cleaned.isEmpty() ? "root" : cleaned.length() > 200 ? cleaned.substring(0, 200) : cleaned;
    }

    private static String printable(String s) {
        return s.replaceAll("\\p{Cntrl}", "?");
    }
}
