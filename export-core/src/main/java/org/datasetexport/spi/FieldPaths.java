package org.datasetexport.spi;

/**
 * Builds the field paths that go into {@code RecordException}s and reader errors
 * ({@code address.geo.lat}, {@code tags[3]}, {@code attrs['color']}) so that data cannot forge
 * them: a map key is quoted with control characters, quotes and backslashes escaped and cut at 64
 * characters, so a key with a newline cannot forge a log line and a long key cannot flood one.
 * For format and dataset authors whose readers report paths the way the engine does.
 */
public final class FieldPaths {
    private static final int MAX_KEY_CHARS = 64;

    private FieldPaths() {
    }

    /**
     * @param path the path so far, empty at the top level
     * @param name a field name
     * @return {@code path.name}, or {@code name} at the top level
     */
    public static String field(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /**
     * @param path the path of the array
     * @param index the element's index
     * @return {@code path[index]}
     */
    public static String element(String path, int index) {
        return path + "[" + index + "]";
    }

    /**
     * @param path the path of the map
     * @param key the entry's key, as data gave it
     * @return {@code path['key']} with the key escaped and shortened
     */
    public static String entry(String path, String key) {
        StringBuilder b = new StringBuilder(path).append("['");
        int n = Math.min(key.length(), MAX_KEY_CHARS);
        for (int i = 0; i < n; i++) {
            char c = key.charAt(i);
            if (c == '\'' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f || Character.isSurrogate(c) || c == '\u2028' || c == '\u2029') {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (key.length() > MAX_KEY_CHARS) {
            b.append("…");
        }
        return b.append("']").toString();
    }
}
